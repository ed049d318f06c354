/**
 * WebSocket routes that survive reloads: the routes each website declares, and which version of
 * the code each port's sockets answer to. A reload claims the ports again; the sockets of a route
 * the new version no longer declares are closed. The handlers Bun calls are in events.ts.
 * @module
 */
import {addRoute, createRouter, findRoute} from "rou3";
import type {CacheTier} from "../cache/index.ts";
import {JopiWebSocket} from "./socket.ts";
import {checkLimit, DEFAULT_MAX_MESSAGE_BYTES} from "../limits.ts";
import {openConnections} from "../long-lived.ts";
import type {JopiRequest} from "../request.ts";
import {resumeLimitsOf, type ResumeLimits, type ResumeOptions} from "../sessions/limits.ts";
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

/** A route or a socket whatever its data: what the handlers Bun calls (events.ts) work with. @internal */
export type AnyRoute = WebSocketRoute<any>;
/** @internal */
export type AnySocket = JopiWebSocket<any>;

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

/**
 * The socket's route in the version of the code that last claimed its port; found again only when
 * a route may have changed, so a message costs one comparison. @internal
 * @example const route = routeOf(ws); if (route === undefined) return routeGone(ws);
 * @see https://jopi-rewrite.dev/docs/long-lived-connections
 */
export function routeOf(ws: AnySocket): AnyRoute | undefined {
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
 * Closes a socket whose route the current version of the code no longer declares. @internal
 * @example if (routeOf(ws) === undefined) routeGone(ws);
 * @see https://jopi-rewrite.dev/docs/long-lived-connections
 */
export function routeGone(ws: AnySocket): void {
    ws.end(ROUTE_REMOVED, `jopi-rewrite: the new version of the code has no WebSocket route ${ws.pattern}`);
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
