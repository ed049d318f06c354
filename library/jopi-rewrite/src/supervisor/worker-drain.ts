/**
 * The worker's side of a rolling restart (`jopi-rewrite serve`): listen with `reusePort` beside the
 * other workers, tell the supervisor which ports answer, and drain when asked, losing no request.
 * Outside a supervisor (no `JOPI_REWRITE_WORKER` in the environment) none of this runs.
 *
 * @example
 * // Run by the supervisor, never imported by an app: `jopi-rewrite serve app.ts --workers 2`.
 * @see https://jopi-rewrite.dev/docs/production
 * @module
 */
import type {Server} from "bun";
import {endLongLivedConnections, openResponses} from "../long-lived.ts";
import {handOverSessions, installHandOver} from "../sessions/hand-over.ts";
import {isMessage, type WorkerMessage} from "./protocol.ts";

type Dispatch = (request: Request, server: Server<undefined>) => Response | undefined | Promise<Response | undefined>;

/**
 * Whether this process is a worker of `jopi-rewrite serve`, which names each worker in
 * JOPI_REWRITE_WORKER and talks to it over IPC: then its ports are shared with `reusePort`.
 * @example Bun.serve({port, fetch, reusePort: isWorker});
 * @see https://jopi-rewrite.dev/docs/production
 */
export const isWorker = process.env.JOPI_REWRITE_WORKER !== undefined && typeof process.send === "function";

// After the last request, how long the worker must see none before it stops accepting and closes
// the connections left. Every connection that sent a request since the drain began was closed by
// its own answer, so those left have been idle at least this long; under load the quiet comes
// within milliseconds, once every client has reconnected to a worker that is not draining.
const QUIET_MS = 250;
// Sending a request to a draining worker must not keep it alive for ever: past this, it stops
// accepting even without a quiet moment (new connections then go to the other workers).
const MAX_LISTEN_MS = 3_000;
// The supervisor kills a worker that drains for longer than its timeout and says so; this is the
// same limit for a worker whose supervisor is gone, so that no worker outlives it for long.
const DRAIN_TIMEOUT_MS = Number(process.env.JOPI_REWRITE_DRAIN_TIMEOUT_MS) || 10_000;
// Once the listener is closed, how long the worker must see no request under way before it exits.
// A connection accepted in the turn the listener closed has its request read a turn later, and an
// answer just given may still be in Bun's write buffer: exiting at the first count of 0 cut about
// one connection-per-request request in 25 restarts (reset, or closed without its answer).
const SETTLE_MS = 100;
const SETTLE_TURNS = 10;

let draining = false;
let lastRequestAt = 0;
const ports: number[] = [];
let readyTimer: Timer | undefined;

/**
 * The port's dispatch as it must be now: itself, or while draining, the same answers with
 * `Connection: close`, so that each keep-alive connection is closed by its next answer instead of
 * being cut while a request may be on its way. Costs nothing per request when not draining.
 * @example listener.dispatch = whileDraining(dispatch);
 * @see https://jopi-rewrite.dev/docs/production
 */
export function whileDraining(fetch: Dispatch): Dispatch {
    if (!draining) return fetch;
    return async (request, server) => {
        lastRequestAt = performance.now();
        const response = await fetch(request, server);
        if (!response) return response; // A WebSocket upgrade: its socket is ended by the closers.
        try {
            response.headers.set("connection", "close");
            return response;
        } catch {
            // Headers of a response from fetch() are immutable: answer a copy.
            const copy = new Response(response.body, response);
            copy.headers.set("connection", "close");
            return copy;
        }
    };
}

/**
 * Tells the supervisor that `port` answers; once the version's ports are all up, that it is ready.
 * @example reportListening(3000, SWEEP_DELAY_MS); // after Bun.serve({port: 3000}) returned
 * @see https://jopi-rewrite.dev/docs/production
 */
export function reportListening(port: number, sweepDelayMs: number): void {
    if (!isWorker) return;
    ports.push(port);
    // A version may start a second server after an await: the ready message waits as long as the
    // sweep of unclaimed ports does, so it names every port of the version.
    readyTimer ??= setTimeout(() => process.send!({type: "ready", ports} satisfies WorkerMessage), sweepDelayMs);
}

/**
 * Before a worker first listens on `port`: claims it for its supervisor, or throws (and tells the
 * supervisor) if another app already serves it. The claim itself is given by the worker's entry.
 * @example claimPort(3000); // then Bun.serve({port: 3000, reusePort: true})
 * @see https://jopi-rewrite.dev/docs/production
 */
export function claimPort(port: number): void {
    if (isWorker) (globalThis as unknown as Record<symbol, (port: number) => void>)[Symbol.for("jopi-rewrite.claim-port")]?.(port);
}

interface Listening {
    servers: () => Server<undefined>[];
    /** Points every port at its dispatch again, so that `whileDraining` takes effect. */
    refresh: () => void;
}

/**
 * Drains when the supervisor says so, on SIGTERM/SIGINT, or when the supervisor is gone. @internal
 * @example installDrain({servers: () => [server], refresh: () => (listener.dispatch = whileDraining(dispatch))});
 * @see https://jopi-rewrite.dev/docs/production
 */
export function installDrain(listening: Listening): void {
    const start = (reason: string) => void drain(listening, reason);
    installHandOver();
    process.on("message", (message: unknown) => isMessage(message, "drain") && start("asked by the supervisor"));
    process.on("disconnect", () => start("the supervisor is gone"));
    process.on("SIGTERM", () => start("SIGTERM"));
    process.on("SIGINT", () => start("SIGINT"));
    // SIGHUP means "restart" to the supervisor; sent to the whole group (a closed terminal), it must
    // not end the workers it is about to replace one by one.
    process.on("SIGHUP", () => {});
}

/**
 * The requests `servers` are answering now, WebSocket upgrades and open event streams included.
 * @example console.log(`finishing ${requestsUnderWay([server])} request(s)`);
 * @see https://jopi-rewrite.dev/docs/production
 */
export const requestsUnderWay = (servers: Server<any>[]): number => servers.reduce((n, server) => n + server.pendingRequests, 0);

/**
 * Resolves once no request has been under way for 100 ms (and 10 turns of the event loop), for a process about to exit after its
 * listeners closed: the connections accepted in their last turn get their answer, and an answer
 * still in Bun's write buffer reaches its client. @internal
 * @example await settled(() => server.pendingRequests); process.exit(0);
 * @see https://jopi-rewrite.dev/docs/production
 */
export async function settled(pending: () => number): Promise<void> {
    let quietSince = performance.now();
    let quietTurns = 0;
    // Turns as well as time: a process starved of CPU may see 100 ms go by in one turn, before it
    // has read the connections accepted in the last one.
    while (quietTurns < SETTLE_TURNS || performance.now() - quietSince < SETTLE_MS) {
        await Bun.sleep(10);
        if (pending() > 0) [quietSince, quietTurns] = [performance.now(), 0];
        else quietTurns++;
    }
}

async function drain({servers, refresh}: Listening, reason: string): Promise<void> {
    if (draining) return;
    draining = true;
    const started = performance.now();
    lastRequestAt = started;
    refresh();
    setTimeout(() => {
        console.error(`jopi-rewrite: still draining after ${DRAIN_TIMEOUT_MS} ms; exiting with requests unfinished.`);
        process.exit(1);
    }, DRAIN_TIMEOUT_MS + 1_000).unref();
    console.log(`jopi-rewrite: draining (${reason}): each connection's next answer closes it.`);
    const pending = () => requestsUnderWay(servers()) + servers().reduce((n, s) => n + s.pendingWebSockets, 0);
    // Open event streams are pending requests to Bun, but they end below, not by themselves.
    const busy = () => requestsUnderWay(servers()) > openResponses();
    while (performance.now() - started < MAX_LISTEN_MS && (busy() || performance.now() - lastRequestAt < QUIET_MS)) await Bun.sleep(20);
    // Stop accepting first, so that the clients of the WebSockets (closed with 1012, Service Restart)
    // and of the event streams (ended with a retry hint) reconnect to a worker that is not draining.
    const stopped = Promise.all(servers().map((server) => server.stop(false)));
    // The resumable sessions go to the supervisor first, for the fresh worker: their clients come back to it.
    const handedOver = handOverSessions();
    await endLongLivedConnections({code: 1012, reason: "Service Restart", retryMs: 1_000});
    await Promise.all([stopped, handedOver]);
    await settled(pending);
    console.log(`jopi-rewrite: drained in ${Math.round(performance.now() - started)} ms; exiting.`);
    process.exit(0);
}
