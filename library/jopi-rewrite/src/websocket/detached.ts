/**
 * The WebSocket sessions whose client is away, per route, oldest first: what `site.webSockets()`
 * lists beside the open sockets, and what `maxSessions` bounds (past it, the oldest is dropped).
 *
 * @example for (const ws of detachedSockets(3000, "127.0.0.1")) ws.send("kept for its client");
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
 * @module
 */
import type {ResumeLimits} from "../sessions/limits.ts";
import type {JopiWebSocket} from "./socket.ts";

/** A session as the table of those away sees it. */
interface Away {
    readonly ws: JopiWebSocket<any>;
    readonly limits: ResumeLimits;
    /** Ends the session for good. */
    close(code: number, reason: string): void;
}

const byRoute = new Map<string, Set<Away>>();
const routeKey = ({ws}: Away) => `${ws.port} ${ws.hostname} ${ws.pattern}`;

/**
 * Counts a session whose client went away; past its route's `maxSessions`, the one away the longest ends. @internal
 * @example waiting(session);
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
 */
export function waiting(session: Away): void {
    const key = routeKey(session);
    let away = byRoute.get(key);
    if (away === undefined) byRoute.set(key, (away = new Set()));
    away.add(session);
    if (away.size > session.limits.maxSessions) away.values().next().value!.close(1001, "jopi-rewrite: too many sessions waiting for their client");
}

/**
 * Forgets a session counted by `waiting`: its client came back, or it ended. @internal
 * @example notWaiting(session);
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
 */
export function notWaiting(session: Away): void {
    const key = routeKey(session);
    const away = byRoute.get(key);
    if (away?.delete(session) && away.size === 0) byRoute.delete(key);
}

/**
 * The sessions whose client is away (those connected are among the open sockets): of a port, of a
 * website, or all. @internal
 * @example const waiting = detachedSockets(3000, "127.0.0.1");
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
 */
export function detachedSockets(port?: number, hostname?: string): JopiWebSocket<any>[] {
    const found: JopiWebSocket<any>[] = [];
    const prefix = port === undefined ? "" : hostname === undefined ? `${port} ` : `${port} ${hostname} `;
    for (const [key, sessions] of byRoute) if (key.startsWith(prefix)) for (const session of sessions) found.push(session.ws);
    return found;
}
