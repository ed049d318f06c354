/**
 * A resumable session as it travels: from a draining worker to its supervisor, from the supervisor
 * to the worker that adopts it, and (across hosts) through the shared tier. Plain JSON: Bun's IPC
 * serializes as JSON, so `data` must be JSON too, and bytes travel in base64.
 *
 * @example
 * const record: SessionRecord = {kind: "websocket", id, hostname: "127.0.0.1", port: 3000, pattern: "/chat/:room", path: "/chat/lobby", params: {room: "lobby"}, data: {}, topics: ["lobby"], outbox: [], nextSeq: 1, received: 0, expiresAt: Date.now() + 120_000};
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
 * @module
 */

/** One message not yet acknowledged (a WebSocket) or still kept for a replay (an event stream). */
export interface OutboxEntry {
    seq: number;
    /** A text message, or an event already in its wire form. */
    text?: string;
    /** A binary message, in base64. */
    base64?: string;
}

export interface SessionRecord {
    kind: "websocket" | "event-stream";
    id: string;
    /** The website it belongs to: a session is only ever resumed on the same website and route. */
    hostname: string;
    port: number;
    /** The route as declared (`/chat/:room`); for an event stream, the request's path. */
    pattern: string;
    path: string;
    params: Record<string, string>;
    /** `ws.data` (or `stream.data`) without `params`: JSON. */
    data: unknown;
    /** Topics (a WebSocket) or channels (an event stream), as the app named them. */
    topics: string[];
    outbox: OutboxEntry[];
    /** The number the next message sent will get. */
    nextSeq: number;
    /** The last client message delivered to the app (WebSockets; 0 for event streams). */
    received: number;
    /** When it is no longer recovered, in ms since the epoch. */
    expiresAt: number;
}
