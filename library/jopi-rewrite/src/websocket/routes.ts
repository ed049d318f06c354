/**
 * WebSocket routes that survive reloads. Bun has one set of WebSocket handlers per `Bun.serve`, and
 * the port's `Bun.serve` is kept across reloads, so that set (`socketEvents`) is made once per
 * process and, for each event, finds the route of the socket in the websites of the version that
 * last claimed the port: after a reload, the next message runs the new code, with the same socket.
 * @module
 */
import type {WebSocketHandler} from "bun";
import {addRoute, createRouter, findRoute} from "rou3";
import type {CacheTier} from "../cache/index.ts";
import {JopiWebSocket} from "./socket.ts";
import {checkLimit, DEFAULT_MAX_MESSAGE_BYTES} from "../limits.ts";
import {closed, opened, openConnections} from "../long-lived.ts";
import type {JopiRequest} from "../request.ts";
import {resumeLimitsOf, type ResumeLimits, type ResumeOptions} from "../sessions/limits.ts";
import {decodeFrame} from "../sessions/wire.ts";
import {detachedSockets} from "./detached.ts";

/** What the route's handlers may do: the same as Bun's, with the socket of `jopi-rewrite`. */
export interface WebSocketRoute<Data extends object = Record<string, unknown>> {
    /**
     * Runs before the connection is accepted: return values to put in `ws.data`, or a Response to
     * refuse (a 401, say). Runs with the version of the code current at the time.
     */
    upgrade?(req: JopiRequest): Partial<Data> | Response | void | Promise<Partial<Data> | Response | void>;
    open?(ws: JopiWebSocket<Data>): unknown;
    message?(ws: JopiWebSocket<Data>, message: string | Buffer): unknown;
    close?(ws: JopiWebSocket<Data>, code: number, reason: string): unknown;
    /** The socket can take more after `send` returned -1 (backpressure). */
    drain?(ws: JopiWebSocket<Data>): unknown;
    /**
     * A bigger message closes the socket with 1009, before Bun has buffered more than the largest
     * `maxMessageBytes` of the port's routes. Default 1 MiB (1_048_576).
     */
    maxMessageBytes?: number;
    /**
     * The pages allowed to open this socket from a browser, by origin (`"https://app.example"`), or
     * `"*"` for any. Default: only pages of the same host and port (the request's Host), which keeps
     * a page of another site from opening a socket with the visitor's cookies. Clients that send no
     * Origin (not browsers) are always allowed.
     */
    allowedOrigins?: string[] | "*";
    /**
     * Resumable sessions, for clients that ask for them (`jopi-rewrite/client`): `true`, or limits
     * like `{keepFor: "2m"}`. A lost connection keeps the session, its `data`, topics and unread
     * messages for `keepFor`; the client's next connection gets them back with `ws.recovered` true.
     * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
     */
    resume?: boolean | ResumeOptions;
}

/** The close code of a socket whose route the new version of the code no longer declares. */
export const ROUTE_REMOVED = 4404;
const SWEEP_DELAY_MS = 200;

type AnyRoute = WebSocketRoute<any>;
type AnySocket = JopiWebSocket<any>;

/** A website's WebSocket routes. @internal */
export class SocketRoutes {
    private readonly router = createRouter<string>();
    private readonly byPattern = new Map<string, AnyRoute>();
    private readonly resumable = new Map<string, ResumeLimits>();
    // What each pattern's paths start with (up to its first parameter): most requests of a website
    // are for other paths, and ruling them out this way costs far less than a router lookup.
    private readonly prefixes: string[] = [];

    add(pattern: string, route: AnyRoute, origin: string): void {
        if (typeof route !== "object" || route === null) {
            throw new TypeError(`jopi-rewrite: onWebSocket("${pattern}", handlers) on ${origin} takes an object like {open, message, close}.`);
        }
        checkLimit("maxMessageBytes", route.maxMessageBytes, `WebSocket ${pattern} on ${origin}`);
        const limits = resumeLimitsOf(route.resume, `WebSocket ${pattern} on ${origin}`);
        if (this.byPattern.has(pattern)) throw new Error(`jopi-rewrite: WebSocket ${pattern} is declared twice on ${origin}; keep one of the two.`);
        this.byPattern.set(pattern, route);
        if (limits) this.resumable.set(pattern, limits);
        addRoute(this.router, "GET", pattern, pattern);
        this.prefixes.push(pattern.split(/[:*]/)[0]!.replace(/\/$/, "") || "/");
        routesVersion++;
    }

    /** The largest message any of these routes takes. */
    largestMessage(): number {
        return Math.max(...[...this.byPattern.values()].map((route) => route.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES));
    }

    get(pattern: string): AnyRoute | undefined {
        return this.byPattern.get(pattern);
    }

    /** The session limits of a route that takes sessions. */
    limits(pattern: string): ResumeLimits | undefined {
        return this.resumable.get(pattern);
    }

    match(path: string) {
        for (const prefix of this.prefixes) if (path.startsWith(prefix)) return findRoute(this.router, "GET", path);
        return undefined;
    }
}

/** What the sockets need of a website: its host and port, its cache, and its socket routes if it has any. */
export interface SocketSite {
    readonly hostname: string;
    readonly port: number;
    readonly cache: CacheTier;
    cacheKeyOf(href: string): string;
    readonly sockets: SocketRoutes | undefined;
}

// Which websites each port serves now, and a counter bumped whenever a socket's route may have
// changed (a version claimed a port, a route was declared): a socket re-finds its route only then,
// so a message costs one comparison, not three map lookups.
const claimed = new Map<number, ReadonlyMap<string, SocketSite>>();
let routesVersion = 0;
let sweepPending = false;

function routeOf(ws: AnySocket): AnyRoute | undefined {
    if (ws.routeVersion !== routesVersion) {
        ws.routeVersion = routesVersion;
        ws.route = claimed.get(ws.port)?.get(ws.hostname)?.sockets?.get(ws.pattern);
    }
    return ws.route as AnyRoute | undefined;
}

/**
 * The session limits of a route as the current version of the code declares it; undefined if it
 * no longer takes sessions, or is gone. @internal
 * @example const limits = resumeLimitsFor(record.port, record.hostname, record.pattern);
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
 */
export function resumeLimitsFor(port: number, hostname: string, pattern: string): ResumeLimits | undefined {
    return claimed.get(port)?.get(hostname)?.sockets?.limits(pattern);
}

/**
 * Runs the route's `close` for a session that ended while its client was away. @internal
 * @example runClose(ws, 1001, "the client did not come back in time");
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
 */
export function runClose(ws: AnySocket, code: number, reason: string): void {
    try {
        settle(ws, "close", routeOf(ws)?.close?.(ws, code, reason));
    } catch (error) {
        failed(ws, "close", error);
    }
}

function routeGone(ws: AnySocket): void {
    ws.end(ROUTE_REMOVED, `jopi-rewrite: the new version of the code has no WebSocket route ${ws.pattern}`);
}

function failed(ws: AnySocket, event: string, error: unknown): void {
    // Two calls: Bun prints an error's code frame, which must not run on into the message's line.
    console.error(`jopi-rewrite: the WebSocket ${event} handler of ${ws.where} failed; closed that socket with 1011.`);
    console.error(error);
    ws.end(1011, "internal error");
}

function settle(ws: AnySocket, event: string, result: unknown): void {
    if (result instanceof Promise) result.catch((error) => failed(ws, event, error));
}

function tooBig(message: string | Buffer, limit: number): boolean {
    if (typeof message !== "string") return message.byteLength > limit;
    return message.length * 3 > limit && Buffer.byteLength(message) > limit;
}

/**
 * The port's WebSocket handlers, given to its `Bun.serve` once and kept across reloads.
 * @internal
 */
export const socketEvents: WebSocketHandler<AnySocket> = {
    open(raw) {
        const ws = raw.data;
        // A session that ended (expired, handed over) between the upgrade and now: the client comes back for a new one.
        if (ws.session?.ended) return void raw.close(1012, "Service Restart");
        if (ws.session !== undefined) ws.session.attach(raw);
        else ws.raw = raw;
        opened(ws);
        const route = routeOf(ws);
        if (route === undefined) return routeGone(ws);
        try {
            settle(ws, "open", route.open?.(ws));
        } catch (error) {
            failed(ws, "open", error);
        }
    },
    // The hot path: written out, so that a message costs little more than with raw Bun.serve.
    message(raw, message) {
        const ws = raw.data;
        const route = (ws.routeVersion === routesVersion ? ws.route : routeOf(ws)) as AnyRoute | undefined;
        if (route === undefined) return routeGone(ws);
        const limit = route.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
        if ((typeof message === "string" ? message.length * 3 : message.byteLength) > limit && tooBig(message, limit)) {
            return ws.end(1009, `message bigger than ${limit} bytes`);
        }
        if (ws.session !== undefined) return sessionMessage(ws, route, message);
        if (route.message === undefined) return;
        try {
            const result = route.message(ws, message);
            if (result instanceof Promise) result.catch((error) => failed(ws, "message", error));
        } catch (error) {
            failed(ws, "message", error);
        }
    },
    close(raw, code, reason) {
        const ws = raw.data;
        if (ws.session !== undefined) {
            if (raw !== ws.raw) return; // An old connection of a resumed session.
            closed(ws);
            if (!ws.session.connectionClosed(raw, code)) return;
        } else closed(ws);
        try {
            settle(ws, "close", routeOf(ws)?.close?.(ws, code, reason));
        } catch (error) {
            failed(ws, "close", error);
        }
    },
    drain(raw) {
        const ws = raw.data;
        try {
            settle(ws, "drain", routeOf(ws)?.drain?.(ws));
        } catch (error) {
            failed(ws, "drain", error);
        }
    },
};

/** A frame from the client of a session socket: a numbered message is delivered once, in order. */
function sessionMessage(ws: AnySocket, route: AnyRoute, message: string | Buffer): void {
    const frame = decodeFrame(message);
    if (frame?.kind === "ack") return ws.session!.outbox.ackUpTo(frame.seq);
    const deliver = frame?.kind === "message" ? ws.session!.accept(frame.seq) : undefined;
    if (frame?.kind !== "message" || deliver === undefined) return ws.end(1002, "jopi-rewrite: not a frame of the session protocol, or a message out of order");
    if (!deliver || route.message === undefined) return;
    const data = typeof frame.data === "string" ? frame.data : Buffer.from(frame.data.buffer, frame.data.byteOffset, frame.data.byteLength);
    try {
        settle(ws, "message", route.message(ws, data));
    } catch (error) {
        failed(ws, "message", error);
    }
}

/**
 * Called when a version of the code points a port at its websites: the sockets of that port run
 * this version's handlers from their next event on, and, once the version has declared its routes,
 * the sockets whose route it no longer declares are closed with `ROUTE_REMOVED`.
 * @internal
 */
export function claimSockets(port: number, sites: ReadonlyMap<string, SocketSite>): void {
    claimed.set(port, sites);
    routesVersion++;
    // A socket's cached route holds the old version's handlers, and through them all of that
    // version's code and data: let go of it now, not at the socket's next event.
    for (const connection of openConnections(port)) if (connection instanceof JopiWebSocket) connection.route = undefined;
    for (const ws of detachedSockets(port)) ws.route = undefined;
    if (sweepPending) return;
    sweepPending = true;
    setTimeout(closeOrphans, SWEEP_DELAY_MS).unref();
}

function closeOrphans(): void {
    sweepPending = false;
    for (const connection of openConnections()) {
        if (connection instanceof JopiWebSocket && routeOf(connection) === undefined) routeGone(connection);
    }
    for (const ws of detachedSockets()) if (routeOf(ws) === undefined) ws.close(ROUTE_REMOVED, `jopi-rewrite: the new version of the code has no WebSocket route ${ws.pattern}`);
}
