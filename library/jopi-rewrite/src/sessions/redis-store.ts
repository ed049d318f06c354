/**
 * Resumable sessions that move between hosts through the shared cache's Redis (`resume: {store:
 * shared}`): a process that stops writes each session's record under `<namespace>|session|<id>`
 * with the session's remaining time as expiry; the process a returning client reaches takes it
 * out atomically (GETDEL in a script), so that one process only ever resumes it.
 *
 * Anyone who can write to Redis can write such a key, so what is read is trusted for nothing: it
 * must carry the HMAC of its key and content (keyed with the cache's `secret`, as entries are), be
 * no larger than the route's limits allow, have the shape of a record, and belong to the website
 * and route of the request. Otherwise the client gets a new session.
 *
 * @example
 * site.onWebSocket("/chat", {resume: {keepFor: "2m", store: shared}, message(ws, text) { ws.send(text); }});
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#across-hosts
 * @module
 */
import {macOf, sameMac} from "../cache/shared/entry-codec.ts";
import type {SharedCore} from "../cache/shared/shared-core.ts";
import {displayUrl} from "../cache/shared/shared-options.ts";
import type {ResumeLimits} from "./limits.ts";
import {isSessionRecord, type SessionRecord} from "./record.ts";

/** Where sessions with a store go when their process stops, and where they are claimed from. */
export interface SessionStore {
    /** Writes `records`, each until its expiry; resolves with how many were written. */
    put(records: SessionRecord[]): Promise<number>;
    /** Takes session `id` out of the store: its record, or null (absent, refused, or the store is out). */
    claim(id: string, limits: ResumeLimits): Promise<SessionRecord | null>;
}

// "s1" names this layout: records written by another version are refused, not misread.
const VERSION = "s1";
// A write at a stop may carry thousands of sessions: it gets longer than a request's lookup.
const WRITE_TIMEOUT_MS = 2_000;
// Takes the value out and gives back its length and at most ARGV[1] bytes of it, whatever it holds.
const CLAIM_SCRIPT = "local v = redis.call('GETDEL', KEYS[1]) if not v then return false end return {string.len(v), string.sub(v, 1, tonumber(ARGV[1]))}";

/**
 * The largest record, in bytes, that a route's limits allow: its outbox (JSON escapes a byte into at
 * most 6 characters), each message's numbering, and up to 1 MiB of data. Larger records are not
 * written, and refused unread.
 * @example recordBudget(resumeLimitsOf(true, "WebSocket /chat")!); // 7_404_032
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#across-hosts
 */
export function recordBudget(limits: Pick<ResumeLimits, "maxOutboxBytes" | "maxOutboxMessages">): number {
    return 6 * limits.maxOutboxBytes + 64 * limits.maxOutboxMessages + 1_048_576;
}

class RedisSessionStore implements SessionStore {
    #reported = false;

    constructor(private readonly core: SharedCore) {}

    #key(id: string): string {
        return `${this.core.options.keyPrefix}session|${id}`;
    }

    #sign(key: string, json: string): string {
        return Buffer.from(macOf(this.core.options.secret, [key, new Uint8Array(1), json])).toString("base64url");
    }

    async put(records: SessionRecord[]): Promise<number> {
        const writes: [string, string, number][] = [];
        for (const record of records) {
            const key = this.#key(record.id);
            const json = JSON.stringify(record);
            const value = `${VERSION}.${this.#sign(key, json)}.${json}`;
            const ttlMs = Math.floor(record.expiresAt - Date.now());
            if (ttlMs > 0) writes.push([key, value, ttlMs]);
        }
        if (writes.length === 0) return 0;
        const written = await this.core.link.run((client) => Promise.all(writes.map(([key, value, ttlMs]) => client.set(key, value, "PX", String(ttlMs)))), WRITE_TIMEOUT_MS);
        if (written === undefined) {
            console.error(`jopi-rewrite: could not write ${writes.length} resumable session(s) to Redis at ${displayUrl(this.core.options.url)}; their clients get new sessions.`);
            return 0;
        }
        return writes.length;
    }

    async claim(id: string, limits: ResumeLimits): Promise<SessionRecord | null> {
        const key = this.#key(id);
        const budget = recordBudget(limits);
        const found = (await this.core.link.run((client) => client.send("EVAL", [CLAIM_SCRIPT, "1", key, String(budget)]))) as [number, string] | null | undefined;
        if (!Array.isArray(found)) return null;
        const [length, text] = found;
        const refusal = length > budget ? `it is larger (${length} bytes) than the route's limits allow (${budget})` : this.#refusalOf(key, String(text));
        if (typeof refusal !== "string") return refusal;
        this.core.counters.unreadable++;
        if (!this.#reported) {
            this.#reported = true;
            console.error(`jopi-rewrite: refused the resumable session ${key} read from Redis at ${displayUrl(this.core.options.url)}: ${refusal}. Its client gets a new session; later refusals are counted in stats.unreadable.`);
        }
        return null;
    }

    // The record in `text`, or why it is refused.
    #refusalOf(key: string, text: string): SessionRecord | string {
        const [version, mac] = text.split(".", 2);
        if (version !== VERSION || mac === undefined) return "it is not a session record of this version";
        const json = text.slice(version.length + mac.length + 2);
        if (!sameMac(Buffer.from(mac, "base64url"), Buffer.from(this.#sign(key, json), "base64url"))) return "it is not signed with the shared cache's secret";
        let record: unknown;
        try {
            record = JSON.parse(json);
        } catch {
            return "it is not JSON";
        }
        if (!isSessionRecord(record) || `${this.core.options.keyPrefix}session|${record.id}` !== key) return "it does not have the shape of a session record";
        return record;
    }
}

const stores = new WeakMap<SharedCore, SessionStore>();

/**
 * The session store on the Redis of a shared cache: its connection, namespace and secret. @internal
 * @example const store = sessionStoreOf(core); await store.put(records);
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#across-hosts
 */
export function sessionStoreOf(core: SharedCore): SessionStore {
    let store = stores.get(core);
    if (store === undefined) stores.set(core, (store = new RedisSessionStore(core)));
    return store;
}
