/**
 * What makes an event stream resumable, beside the outbox its events are kept in for a replay: the
 * ids a browser sends back, `<sessionId>.<seq>`, and the streams whose client is away, kept (at most
 * `maxSessions` per website and path) until it comes back or `keepFor` has passed.
 *
 * @example const last = parseLastEventId(request.headers.get("last-event-id"));
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#event-streams-that-resume
 * @module
 */
import {isSessionId} from "../sessions/wire.ts";

/**
 * The id a browser sends back in `Last-Event-ID`: its session and the last event it received.
 * Undefined when the header is absent or is not such an id.
 * @example parseLastEventId("q3V0Yk9lZ2d4S2VwUm1Ldw.41"); // {id: "q3V0Yk9lZ2d4S2VwUm1Ldw", seq: 41}
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#event-streams-that-resume
 */
export function parseLastEventId(header: string | null): {id: string; seq: number} | undefined {
    const match = header === null ? null : /^(.+)\.(\d{1,15})$/.exec(header);
    return match && isSessionId(match[1]) ? {id: match[1], seq: Number(match[2])} : undefined;
}

/** A session stream as the table of detached ones sees it. */
interface Detached {
    readonly sessionId: string | undefined;
    /** Ends the session for good. */
    close(): void;
}

const detached = new Map<string, Set<Detached>>();

/**
 * Counts a session whose client is away, under `key` (website and path); past `maxSessions`, the
 * one away the longest ends. @internal
 * @example awayFrom(`${hostname}:${port}${path}`, stream, 10_000);
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#event-streams-that-resume
 */
export function awayFrom(key: string, stream: Detached, maxSessions: number): void {
    const away = detached.get(key) ?? new Set();
    detached.set(key, away);
    away.add(stream);
    for (const oldest of away) {
        if (away.size <= maxSessions) break;
        away.delete(oldest);
        console.log(`jopi-rewrite: ended the event stream session ${oldest.sessionId} of ${key}: more than ${maxSessions} sessions waited for their client (maxSessions).`);
        oldest.close();
    }
}

/**
 * Forgets a session counted by `awayFrom`: its client came back, or it ended. @internal
 * @example backAt(key, stream);
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#event-streams-that-resume
 */
export function backAt(key: string, stream: Detached): void {
    const away = detached.get(key);
    if (away?.delete(stream) && away.size === 0) detached.delete(key);
}
