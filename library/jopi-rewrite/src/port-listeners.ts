import type {Server, TLSOptions} from "bun";
import {getGeneration, keepOnHotReload} from "jopi-node-space";
import {endLongLivedConnections} from "./long-lived.ts";
import {handOverToStores, holdsStoredSessions} from "./sessions/store-hand-over.ts";
import {socketEvents} from "./websocket/events.ts";
import {claimPort, installDrain, isWorker, reportListening, requestsUnderWay, settled, whileDraining} from "./supervisor/worker-drain.ts";

/** Answers every request that arrives on one port; undefined once a request became a WebSocket. */
export type Dispatch = (request: Request, server: Server<any>) => Response | Promise<Response | undefined> | undefined;

interface Listener {
    /** One server per address: loopback-only ports listen on 127.0.0.1 and ::1, two sockets. */
    servers: Server<any>[];
    /** The version of the code that last claimed this port. */
    generation: number;
    /** What the last version that claimed this port asked for. */
    options: ListenOptions;
    /** The dispatch of that version (`whileDraining` of it once the process drains). */
    dispatch: Dispatch;
    /** The servers' fetch for the life of the process: it calls `dispatch`, whichever version that is. */
    forward: Dispatch;
}

/** Where and how a port listens, from its websites. */
export interface ListenOptions {
    port: number;
    fetch: Dispatch;
    tls?: TLSOptions;
    /** The addresses to listen on; one undefined entry means every interface. */
    addresses: (string | undefined)[];
    /** Bun's own cap on a request body: `portBodyCap` of the largest `maxBodyBytes` of the port's websites. */
    maxRequestBodySize: number;
    /** Bun's own cap on a WebSocket message, checked before it is buffered: the largest route limit. */
    maxPayloadLength: number;
}

// One Bun.serve per port and address for the life of the process: a reload points it at the new
// code instead of closing it, so no connection is dropped and requests in flight finish with the old code.
const listeners = keepOnHotReload("jopi-rewrite:port-listeners", () => new Map<number, Listener>());

// How long after a version starts its servers before ports it no longer uses are closed: long
// enough for a second server started after an await in the same version to claim its port.
const SWEEP_DELAY_MS = 200;
const SHUTDOWN_TIMEOUT_MS = 10_000;

function explainListenError(error: unknown, port: number, origins: string, address: string | undefined): Error {
    const code = (error as {code?: string}).code;
    if (code === "EACCES" || (port < 1024 && /permission|access/i.test(String(error)))) {
        return new Error(`jopi-rewrite: cannot listen on port ${port} (${origins}): ports below 1024 need root. Give the URL a port, like http://127.0.0.1:3000, or set PORT=3000.`);
    }
    if (code === "EADDRINUSE" || /in use/i.test(String(error))) {
        return new Error(`jopi-rewrite: port ${port} (${origins}) is already used by another program. Stop it, or set PORT to a free port.`);
    }
    if (unavailable(error)) {
        return new Error(`jopi-rewrite: cannot listen on ${address}:${port} (${origins}): this machine has no such address. Fix the website's listen option.`);
    }
    return error as Error;
}

function unavailable(error: unknown): boolean {
    const code = (error as {code?: string}).code;
    return code === "EADDRNOTAVAIL" || code === "EAFNOSUPPORT" || /not available|assign|not supported/i.test(String(error));
}

// What a reload cannot change on a socket that stays open: said at each reload until a restart.
function noteFixedAtStart(existing: Listener, options: ListenOptions): void {
    const {port} = options;
    if (String(options.addresses) !== String(existing.options.addresses)) {
        console.log(`jopi-rewrite: port ${port} keeps listening on ${describeAddresses(existing.options.addresses)}; it listens on ${describeAddresses(options.addresses)} once the process restarts.`);
    }
    if (options.maxRequestBodySize > existing.options.maxRequestBodySize) {
        console.log(`jopi-rewrite: port ${port} keeps refusing bodies over ${existing.options.maxRequestBodySize} bytes until the process restarts (the new maxBodyBytes ask for ${options.maxRequestBodySize}).`);
    }
    options.maxRequestBodySize = existing.options.maxRequestBodySize;
    options.addresses = existing.options.addresses;
}

// `127.0.0.1 and ::1`, or `every interface`.
function describeAddresses(addresses: (string | undefined)[]): string {
    return addresses.map((address) => address ?? "every interface").join(" and ");
}

/** Points the port's servers at `options.fetch`, creating them on first use. Returns whether they were created. */
export function listen(options: ListenOptions, origins: string): boolean {
    const {port} = options;
    const existing = listeners.get(port);
    installShutdown();
    scheduleSweep();
    if (existing) {
        noteFixedAtStart(existing, options);
        // The servers call the listener's dispatch, so pointing them at the new version is an
        // assignment. Bun is told again only of what it holds itself: 0.125 ms of a reload went to
        // telling it of a new fetch, on each of the two sockets of a loopback port.
        const reconfigure = options.tls !== existing.options.tls || options.maxPayloadLength !== existing.options.maxPayloadLength;
        existing.options = options;
        existing.dispatch = whileDraining(options.fetch);
        existing.generation = getGeneration();
        if (reconfigure) for (const server of existing.servers) server.reload(serveOptions(existing, undefined));
        return false;
    }
    // A worker of `jopi-rewrite serve` first makes sure no other app serves this port.
    claimPort(port);
    const servers: Server<any>[] = [];
    const listener: Listener = {servers, generation: getGeneration(), options, dispatch: whileDraining(options.fetch), forward: (request, server) => listener.dispatch(request, server)};
    for (const address of options.addresses) {
        try {
            servers.push(Bun.serve(serveOptions(listener, address)));
        } catch (error) {
            // A host or container with IPv6 turned off has no ::1: its loopback is 127.0.0.1 alone.
            if (address === "::1" && servers.length > 0 && unavailable(error)) continue;
            for (const server of servers) void server.stop(true);
            throw explainListenError(error, port, origins, address);
        }
    }
    listeners.set(port, listener);
    reportListening(port, SWEEP_DELAY_MS);
    return true;
}

/**
 * The servers listening on `port`: none, one, or one per loopback address.
 * @example for (const server of serversOn(3000)) server.publish(topic, message);
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#topics
 */
export function serversOn(port: number): Server<any>[] {
    return listeners.get(port)?.servers ?? [];
}

/**
 * Lets WebSocket messages of up to `bytes` in on a port that already listens, for a route declared
 * after the server started. Does nothing when the port does not listen or already takes them.
 * @example raisePayloadLimit(3000, 64 * 1024);
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#websockets
 */
export function raisePayloadLimit(port: number, bytes: number): void {
    const listener = listeners.get(port);
    if (listener === undefined || listener.options.maxPayloadLength >= bytes) return;
    listener.options = {...listener.options, maxPayloadLength: bytes};
    for (const server of listener.servers) server.reload(serveOptions(listener, undefined));
}

// Workers of `jopi-rewrite serve` share their ports (`reusePort`). The fetch and the WebSocket
// handlers are the same functions for the life of the process: they find the current version's
// dispatch and routes themselves; only the message cap changes with the routes.
function serveOptions({forward, options: {port, tls, maxRequestBodySize, maxPayloadLength}}: Listener, hostname: string | undefined) {
    return {
        port, hostname, fetch: forward, tls, development: false, error: unexpectedError, reusePort: isWorker,
        maxRequestBodySize, websocket: {...socketEvents, maxPayloadLength},
    };
}

/**
 * Stops accepting on `port` and resolves once its requests in flight have finished. WebSockets and
 * event streams are ended first (1001): the server's stop would otherwise wait for them forever.
 */
export async function close(port: number): Promise<void> {
    const listener = listeners.get(port);
    if (!listener) return;
    listeners.delete(port);
    await endLongLivedConnections({port, code: 1001, reason: "this port is closing"});
    await Promise.all(listener.servers.map((server) => server.stop(false)));
}

// An exception that escaped every handler (the websites catch their own): still a 500, never a crash.
function unexpectedError(error: Error): Response {
    console.error("jopi-rewrite: unexpected error while answering a request; answered 500.", error);
    return new Response("Internal Server Error", {status: 500});
}

let sweptGeneration = 0;

// One sweep per version of the code, however many ports it listens on.
function scheduleSweep(): void {
    if (sweptGeneration === getGeneration()) return;
    sweptGeneration = getGeneration();
    setTimeout(closeUnclaimedPorts, SWEEP_DELAY_MS, sweptGeneration);
}

function closeUnclaimedPorts(generation: number): void {
    if (generation !== getGeneration()) return;
    for (const [port, listener] of listeners) {
        if (listener.generation >= generation) continue;
        console.log(`jopi-rewrite: port ${port} is no longer used by the new version of the code; closing it once its requests finish.`);
        void close(port);
    }
}

// Installed once per process (a flag on globalThis), not once per reload: listeners would pile up.
function installShutdown(): void {
    const flag = Symbol.for("jopi-rewrite.shutdown-installed");
    const registry = globalThis as unknown as Record<symbol, boolean>;
    if (registry[flag]) return;
    registry[flag] = true;
    if (isWorker) {
        const all = () => [...listeners.values()];
        // A draining worker closes each connection after its next answer (`whileDraining`).
        installDrain({servers: () => all().flatMap((l) => l.servers), refresh: () => all().forEach((l) => (l.dispatch = whileDraining(l.options.fetch)))});
        return;
    }
    let stopping = false;
    const shutdown = async (signal: NodeJS.Signals) => {
        if (stopping) process.exit(signal === "SIGINT" ? 130 : 143);
        stopping = true;
        const servers = [...listeners.values()].flatMap((l) => l.servers);
        console.log(`jopi-rewrite: ${signal} received; finishing ${requestsUnderWay(servers)} request(s) in flight, then exiting.`);
        const timeout = Bun.sleep(SHUTDOWN_TIMEOUT_MS).then(() => "timeout" as const);
        // Sessions kept in a store go there before their connections close, once no returning
        // client can reach this process any more (it would take its session back from the store).
        if (holdsStoredSessions()) {
            for (const listener of listeners.values()) for (const server of listener.servers) void server.stop(false);
            await Promise.race([handOverToStores(), timeout]);
        }
        const closed = Promise.all([...listeners.keys()].map(close)).then(() => settled(() => requestsUnderWay(servers)));
        const result = await Promise.race([closed, timeout]);
        if (result === "timeout") console.error(`jopi-rewrite: requests still running after ${SHUTDOWN_TIMEOUT_MS} ms; exiting anyway.`);
        process.exit(0);
    };
    process.on("SIGTERM", shutdown);
    process.on("SIGINT", shutdown);
}
