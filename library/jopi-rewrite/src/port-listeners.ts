import type {Server, TLSOptions} from "bun";
import {getGeneration, keepOnHotReload} from "jopi-node-space";
import {endLongLivedConnections} from "./long-lived.ts";
import {socketEvents} from "./websocket.ts";
import {claimPort, installDrain, isWorker, reportListening, whileDraining} from "./drain.ts";

/** Answers every request that arrives on one port; undefined once a request became a WebSocket. */
export type Dispatch = (request: Request, server: Server<any>) => Response | Promise<Response | undefined> | undefined;

interface Listener {
    server: Server<any>;
    /** The version of the code that last claimed this port. */
    generation: number;
    /** What `Bun.serve` was last given, so that a drain can point the port at its closing dispatch. */
    options: ListenOptions;
}

interface ListenOptions {
    port: number;
    fetch: Dispatch;
    tls?: TLSOptions;
}

// One Bun.serve per port for the life of the process: a reload points it at the new code instead
// of closing it, so no connection is dropped and requests in flight finish with the old code.
const listeners = keepOnHotReload("jopi-rewrite:port-listeners", () => new Map<number, Listener>());

// How long after a version starts its servers before ports it no longer uses are closed: long
// enough for a second server started after an await in the same version to claim its port.
const SWEEP_DELAY_MS = 200;
const SHUTDOWN_TIMEOUT_MS = 10_000;

function explainListenError(error: unknown, port: number, origins: string): Error {
    const code = (error as {code?: string}).code;
    if (code === "EACCES" || (port < 1024 && /permission|access/i.test(String(error)))) {
        return new Error(`jopi-rewrite: cannot listen on port ${port} (${origins}): ports below 1024 need root. Give the URL a port, like http://127.0.0.1:3000, or set PORT=3000.`);
    }
    if (code === "EADDRINUSE" || /in use/i.test(String(error))) {
        return new Error(`jopi-rewrite: port ${port} (${origins}) is already used by another program. Stop it, or set PORT to a free port.`);
    }
    return error as Error;
}

/** Points the port's server at `fetch`, creating it on first use. Returns whether it was created. */
export function listen(port: number, fetch: Dispatch, origins: string, tls?: TLSOptions): boolean {
    const options = {port, fetch, tls};
    const existing = listeners.get(port);
    installShutdown();
    scheduleSweep();
    if (existing) {
        existing.server.reload(serveOptions(options));
        existing.generation = getGeneration();
        existing.options = options;
        return false;
    }
    try {
        claimPort(port);
        listeners.set(port, {server: Bun.serve(serveOptions(options)), generation: getGeneration(), options});
    } catch (error) {
        throw explainListenError(error, port, origins);
    }
    reportListening(port, SWEEP_DELAY_MS);
    return true;
}

/** The server listening on `port`, if any. */
export function serverOn(port: number): Server<any> | undefined {
    return listeners.get(port)?.server;
}

// Workers of `jopi-rewrite serve` share their ports (`reusePort`); a draining one closes each
// connection after its next answer (`whileDraining`, the dispatch itself when not draining).
// The WebSocket handlers are the same object for the life of the process: they find the current
// version's route for each event themselves.
function serveOptions({port, fetch, tls}: ListenOptions) {
    return {port, fetch: whileDraining(fetch) as Dispatch, tls, development: false, error: unexpectedError, reusePort: isWorker, websocket: socketEvents};
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
    await listener.server.stop(false);
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
        installDrain({servers: () => all().map((l) => l.server), refresh: () => all().forEach((l) => l.server.reload(serveOptions(l.options)))});
        return;
    }
    let stopping = false;
    const shutdown = async (signal: NodeJS.Signals) => {
        if (stopping) process.exit(signal === "SIGINT" ? 130 : 143);
        stopping = true;
        const inFlight = [...listeners.values()].reduce((n, l) => n + l.server.pendingRequests, 0);
        console.log(`jopi-rewrite: ${signal} received; finishing ${inFlight} request(s) in flight, then exiting.`);
        const timeout = Bun.sleep(SHUTDOWN_TIMEOUT_MS).then(() => "timeout" as const);
        const result = await Promise.race([Promise.all([...listeners.keys()].map(close)), timeout]);
        if (result === "timeout") console.error(`jopi-rewrite: requests still running after ${SHUTDOWN_TIMEOUT_MS} ms; exiting anyway.`);
        process.exit(0);
    };
    process.on("SIGTERM", shutdown);
    process.on("SIGINT", shutdown);
}
