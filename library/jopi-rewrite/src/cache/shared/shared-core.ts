/**
 * What every website's view of one shared cache has in common in a process (options, first tier,
 * connections, counters), and what keeps it right across processes: the invalidation messages,
 * the removals kept while Redis is out, and the changes a Redis answer must not overtake.
 * @module
 */
import type {InMemoryCache} from "../memory-cache.ts";
import {messageOf, readMessage} from "./invalidation.ts";
import type {RedisLink} from "./redis-link.ts";
import type {ResolvedSharedOptions} from "./shared-options.ts";

/** Counters of a shared cache, for this process. */
export interface SharedCacheStats {
    /** Answered from this process's memory. */
    hits: number;
    /** Answered from Redis. */
    sharedHits: number;
    misses: number;
    /** Entries sent to Redis. */
    stored: number;
    /** Entries found in Redis that could not be read or were refused (unsigned, too large, with Set-Cookie...), and were not served. */
    unreadable: number;
    /** Invalidation messages ignored: malformed, of another version, or not signed with the secret. */
    ignoredMessages: number;
    /** Redis commands that failed or timed out. */
    errors: number;
    /** Whether Redis is usable now. */
    connected: boolean;
}

/** What every website's view of one shared cache has in common. */
export interface SharedCore {
    options: ResolvedSharedOptions;
    first: InMemoryCache;
    link: RedisLink;
    /** Tells this process's messages from the others'. */
    id: string;
    /** The websites (origins, and "*" for the namespace's own view) this process serves: messages about others are not for it. */
    scopes: Set<string>;
    /**
     * Bumped at each change of an entry (here, or announced by another process). A Redis answer
     * that a change overtook, of its key or of all keys, is served once but not kept.
     */
    sequence: number;
    /** The sequence of the last change of each recently changed key. */
    changedAt: Map<string, number>;
    /** The sequence of the last change of every key (a clear, an outage, a forgotten changedAt). */
    allChangedAt: number;
    counters: Omit<SharedCacheStats, "errors" | "connected">;
    /** Removals (of a key, or of every key under a prefix) that could not reach Redis, sent when it is back. */
    pending: Map<string, "del" | "clear">;
    reportedUnreadable: boolean;
    reportedIgnored: boolean;
    /** The number of the last invalidation message this process sent. */
    sent: number;
    /** The number of the last message heard from each sender lately: one heard again is a replay. */
    heard: Map<string, number>;
}

const PENDING_LIMIT = 10_000;
const CHANGED_LIMIT = 10_000;

/**
 * Notes that the entry under `key` changed (stored, removed, announced), so that a Redis answer
 * read before is not kept.
 *
 * @example changed(core, full); core.first.put(full, entry, ttlMs);
 * @see https://jopi-rewrite.dev/docs/in-memory-cache#shared-cache
 */
export function changed(core: SharedCore, key: string): void {
    core.changedAt.set(key, ++core.sequence);
    // Past the limit, forgetting the keys counts as a change of all of them.
    if (core.changedAt.size > CHANGED_LIMIT) allChanged(core);
}

/**
 * Notes that every entry may have changed (a clear, an outage).
 *
 * @example allChanged(core); core.first.deletePrefix(prefix);
 * @see https://jopi-rewrite.dev/docs/in-memory-cache#shared-cache
 */
export function allChanged(core: SharedCore): void {
    core.changedAt.clear();
    core.allChangedAt = ++core.sequence;
}

function globEscape(text: string): string {
    return text.replace(/[*?[\]\\]/g, "\\$&");
}

/**
 * The handler of the invalidation channel: drops what another process announced, when the
 * message is one to act on (see `readMessage`).
 *
 * @example link = new RedisLink(url, channel, {message: (text) => onMessage(core, text), recovered}, 100);
 * @see https://jopi-rewrite.dev/docs/in-memory-cache#shared-cache
 */
export function onMessage(core: SharedCore, text: string): void {
    const order = readMessage(core, text);
    if (order === undefined) return;
    const [kind, target] = order;
    if (kind === "del") {
        changed(core, target);
        core.first.delete(target);
    } else {
        allChanged(core);
        core.first.deletePrefix(target);
    }
}

/**
 * After an outage: the invalidations sent meanwhile were missed, so the first tier's shared
 * entries go, and the removals made here meanwhile are sent.
 *
 * @example link = new RedisLink(url, channel, {message, recovered: () => void onRecovered(core)}, 100);
 * @see https://jopi-rewrite.dev/docs/in-memory-cache#shared-cache
 */
export async function onRecovered(core: SharedCore): Promise<void> {
    allChanged(core);
    core.first.deletePrefix(core.options.keyPrefix);
    const pending = [...core.pending];
    core.pending.clear();
    for (const [target, kind] of pending) {
        if (kind === "clear") await clearPrefix(core, target);
        else await removeKey(core, target);
    }
}

/**
 * Keeps a removal that could not reach Redis, to send when it is back.
 *
 * @example if (stored === undefined) remember(core, full, "del");
 * @see https://jopi-rewrite.dev/docs/in-memory-cache#shared-cache
 */
export function remember(core: SharedCore, target: string, kind: "del" | "clear"): void {
    // Past the limit, one clear of the whole namespace stands for every removal.
    if (core.pending.size >= PENDING_LIMIT) {
        core.pending.clear();
        core.pending.set(core.options.keyPrefix, "clear");
    }
    core.pending.set(target, kind);
}

/**
 * Removes `key` from Redis and announces it to the other processes; true if Redis had it.
 *
 * @example const removed = await removeKey(core, full);
 * @see https://jopi-rewrite.dev/docs/in-memory-cache#shared-cache
 */
export async function removeKey(core: SharedCore, key: string): Promise<boolean> {
    const removed = await core.link.run((client) => {
        const deleted = client.del(key);
        void client.publish(`${core.options.namespace}:invalidate`, messageOf(core, "del", key)).catch(() => {});
        return deleted;
    });
    if (removed === undefined) remember(core, key, "del");
    return removed === 1;
}

/**
 * Removes every key under `prefix` from Redis and announces it to the other processes.
 *
 * @example await clearPrefix(core, "jopi|http://127.0.0.1:3000 ");
 * @see https://jopi-rewrite.dev/docs/in-memory-cache#shared-cache
 */
export async function clearPrefix(core: SharedCore, prefix: string): Promise<void> {
    // A walk over every key, not a request's lookup: it gets a minute, not the request timeout.
    const done = await core.link.run(async (client) => {
        let cursor = "0";
        do {
            const [next, keys] = (await client.send("SCAN", [cursor, "MATCH", `${globEscape(prefix)}*`, "COUNT", "500"])) as [string, string[]];
            if (keys.length > 0) await client.send("UNLINK", keys);
            cursor = next;
        } while (cursor !== "0");
        await client.publish(`${core.options.namespace}:invalidate`, messageOf(core, "clear", prefix));
        return true;
    }, 60_000);
    if (done === undefined) remember(core, prefix, "clear");
}

