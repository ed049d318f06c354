/**
 * The hand-over of the sessions whose route has a store (`resume: {store: shared}`): when their
 * process stops (a drain of `jopi-rewrite serve`, or SIGTERM/SIGINT without a supervisor), each
 * one's record is written to the store, and only then is its connection closed, so that its client,
 * wherever it comes back, finds it there. These sessions never go through the supervisor.
 *
 * @example
 * // Run by the shutdown and by the worker's drain, never by an app.
 * await handOverToStores();
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#across-hosts
 * @module
 */
import type {SessionRecord} from "./record.ts";
import {heldSessions, type Resumable} from "./registry.ts";
import type {SessionStore} from "./redis-store.ts";

/**
 * The record of `session`, or null (one line names its route) when its data is not JSON: it is
 * then not handed over, and its client gets a new session. @internal
 * @example const records = sessions.map(recordOf).filter((record) => record !== null);
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
 */
export function recordOf(session: Resumable): SessionRecord | null {
    try {
        return session.toRecord();
    } catch (error) {
        const {kind, hostname, port, pattern} = session.toPlace();
        console.error(`jopi-rewrite: a session of ${kind === "websocket" ? "WebSocket" : "event stream"} ${pattern} on ${hostname}:${port} has data that is not JSON (${(error as Error).message}); not handed over, its client gets a new session.`);
        return null;
    }
}

/**
 * Whether this process holds sessions that go to a store when it stops. @internal
 * @example if (holdsStoredSessions()) stopAccepting();
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#across-hosts
 */
export function holdsStoredSessions(): boolean {
    return heldSessions().some((session) => session.limits.store !== undefined);
}

/**
 * Hands every session that has a store to it: in one synchronous turn, takes each one's record and
 * lets go of it (nothing sent or received is left out of its record); then writes the records, one
 * batch per store, and closes each connection once its store has answered (or could not be reached:
 * the client then gets a new session). Resolves once every connection is closing. @internal
 * @example await handOverToStores();
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#across-hosts
 */
export function handOverToStores(): Promise<void> {
    const batches = new Map<SessionStore, {records: SessionRecord[]; sessions: Resumable[]}>();
    for (const session of heldSessions()) {
        const store = session.limits.store;
        if (store === undefined) continue;
        const batch = batches.get(store) ?? {records: [], sessions: []};
        batches.set(store, batch);
        const record = recordOf(session);
        if (record) batch.records.push(record);
        batch.sessions.push(session);
    }
    const written: Promise<unknown>[] = [];
    for (const [store, {records, sessions}] of batches) {
        const put = store.put(records);
        written.push(put);
        for (const session of sessions) session.handOver(put);
    }
    return Promise.all(written).then(() => undefined);
}
