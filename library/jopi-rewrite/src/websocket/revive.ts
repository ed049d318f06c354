/**
 * Where WebSocket sessions handed over by another worker come back to life: each record, already
 * checked, becomes a session of this worker, detached until its client comes back, with the route's
 * limits as the current version of the code declares them. Loaded once per process, with the rest
 * of the implementation, so that it registers with the registry of sessions.
 *
 * @example adoptRecords(message.sessions); // runs reviveSocketSession for each WebSocket record
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
 * @module
 */
import {Outbox} from "../sessions/outbox.ts";
import type {SessionRecord} from "../sessions/record.ts";
import {setReviver} from "../sessions/registry.ts";
import {resumeLimitsFor} from "./routes.ts";
import {SocketSession} from "./session.ts";
import {JopiWebSocket} from "./socket.ts";

/**
 * The session of `record`, waiting here for its client; undefined when its route takes no
 * sessions any more, its outbox passes the route's limits, or it has expired. @internal
 * @example const session = reviveSocketSession(record);
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
 */
export function reviveSocketSession(record: SessionRecord): SocketSession | undefined {
    const limits = resumeLimitsFor(record.port, record.hostname, record.pattern);
    const outbox = limits && Outbox.fromEntries(record.outbox, limits);
    if (!outbox || record.expiresAt <= Date.now()) return undefined;
    const ws = new JopiWebSocket(record.port, record.hostname, record.pattern, record.path, record.params);
    if (typeof record.data === "object" && record.data !== null) Object.assign(ws.data, record.data, {params: record.params});
    const session = new SocketSession(record.id, ws, limits, outbox);
    session.nextSeq = record.nextSeq;
    session.received = record.received;
    for (const topic of record.topics) session.subscribe(topic);
    session.detach(record.expiresAt);
    return session;
}

setReviver("websocket", reviveSocketSession);
