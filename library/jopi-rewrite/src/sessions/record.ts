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
import {isSessionId} from "./wire.ts";

/**
 * One message not yet acknowledged (a WebSocket) or still kept for a replay (an event stream). A
 * record's entries are the messages just before its `nextSeq`, one seq after the other.
 */
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

const MAX_NAME = 2048;
const shortString = (value: unknown): value is string => typeof value === "string" && value.length <= MAX_NAME;
const seqNumber = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

function isEntry(value: unknown): value is OutboxEntry {
    const entry = value as OutboxEntry;
    return typeof value === "object" && value !== null && seqNumber(entry.seq) && (typeof entry.text === "string") !== (typeof entry.base64 === "string");
}

/**
 * Whether `value`, read from IPC (or a shared tier), has the shape of a session record: ids,
 * numbers and names checked before anything is revived from it. Its sizes are checked against the
 * route's limits when it is revived.
 * @example const records = message.sessions.filter(isSessionRecord);
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
 */
export function isSessionRecord(value: unknown): value is SessionRecord {
    if (typeof value !== "object" || value === null) return false;
    const record = value as SessionRecord;
    const params = record.params as unknown;
    return (record.kind === "websocket" || record.kind === "event-stream") && isSessionId(record.id)
        && shortString(record.hostname) && Number.isSafeInteger(record.port) && record.port > 0 && record.port < 65_536
        && shortString(record.pattern) && shortString(record.path)
        && typeof params === "object" && params !== null && Object.values(params).every(shortString)
        && Array.isArray(record.topics) && record.topics.every(shortString)
        && Array.isArray(record.outbox) && record.outbox.every((entry, index) => isEntry(entry) && entry.seq === record.nextSeq - record.outbox.length + index)
        && seqNumber(record.nextSeq) && seqNumber(record.received) && Number.isFinite(record.expiresAt);
}
