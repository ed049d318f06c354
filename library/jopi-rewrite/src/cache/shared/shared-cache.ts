/**
 * The shared tier of the response cache: entries stored once in Redis (or Valkey) for every
 * process and host, behind each process's memory cache, which stays the first tier.
 *
 * A lookup tries the first tier (an answer at once, as fast as the memory cache alone), then
 * Redis; what Redis gives is kept in the first tier until its Redis copy expires. Storing,
 * removing and clearing go to Redis and are announced on a channel, so that every other process
 * drops its first-tier copy.
 * @module
 */
import {readBodyUpTo} from "../body-reader.ts";
import {answer, answers, entryOf, entryParts, type CacheEntry} from "../cache-entry.ts";
import {answersCredentials, refusalOf, varyNames} from "../storable.ts";
import type {CacheTier} from "../tier.ts";
import {decodeEntry, encodedLimit, encodeEntry} from "./entry-codec.ts";
import {messageOf} from "./invalidation.ts";
import {sessionStoreOf, type SessionStore} from "../../sessions/redis-store.ts";
import {displayUrl} from "./shared-options.ts";
import {allChanged, changed, clearPrefix, remember, removeKey, type SharedCacheStats, type SharedCore} from "./shared-core.ts";

export type {SharedCacheStats} from "./shared-core.ts";

const S_MAXAGE = /(?:^|,)\s*s-maxage\s*=\s*"?(\d+)/i;
// Keys of the first tier already built, by the website's key: a hit then hashes the request's URL,
// a flat string, where building the key made a new one to flatten and hash at each request. Bounded
// like the coding memo, so that a flood of one-off URLs only starts it over.
const FULL_KEYS_LIMIT = 1024;
const FULL_KEY_LENGTH_LIMIT = 512;

// The entry stored in `text`, or why it cannot be served.
function readEntry(key: string, text: string, options: SharedCore["options"]): CacheEntry | string {
    const parts = decodeEntry(text, key, options);
    if (typeof parts === "string") return parts;
    try {
        return entryOf(key, parts);
    } catch (error) {
        return `its headers cannot be sent (${(error as Error).message})`;
    }
}

/**
 * The shared cache of one website (or of the whole namespace, from `initSharedCache`). Pass it as
 * a website's `cache` and the request helpers use it: `getFromCache`, `addToCache_Compressed`,
 * `addToCache_Uncompressed`, `hasInCache`, `removeFromCache`. Its lookups answer at once from the
 * first tier; otherwise they return a promise, so `await` what they give.
 *
 * @example const shared = initSharedCache({url: "redis://127.0.0.1:6379"}); new WebSite(url, {cache: shared});
 * @see https://jopi-rewrite.dev/docs/in-memory-cache#shared-cache
 */
export class SharedCache implements CacheTier {
    readonly #core: SharedCore;
    readonly #prefix: string;
    readonly #origin: string | undefined;
    readonly #fullKeys = new Map<string, string>();

    /** @internal `initSharedCache` makes the first one; `forWebsite` the others. */
    constructor(core: SharedCore, scope: string, origin?: string) {
        this.#core = core;
        this.#prefix = `${core.options.keyPrefix}${scope} `;
        this.#origin = origin;
        core.scopes.add(scope);
    }

    /**
     * The same cache, with keys namespaced by a website's declared origin, so that no website is
     * ever answered with another one's entry. A key that starts with `origin`, where the website
     * answers (its port may come from PORT), is stored under the path that follows it: every
     * worker and host of the website then shares its entries. `WebSite` calls it for its cache.
     *
     * @example const view = shared.forWebsite("http://127.0.0.1:3000", site.origin);
     * @see https://jopi-rewrite.dev/docs/in-memory-cache#shared-cache
     */
    forWebsite(declaredOrigin: string, origin?: string): SharedCache {
        return new SharedCache(this.#core, declaredOrigin, origin);
    }

    #full(key: string): string {
        const known = this.#fullKeys.get(key);
        if (known !== undefined) return known;
        const origin = this.#origin;
        const full = this.#prefix + (origin !== undefined && key.startsWith(origin) ? key.slice(origin.length) : key);
        if (key.length > FULL_KEY_LENGTH_LIMIT) return full;
        if (this.#fullKeys.size >= FULL_KEYS_LIMIT) this.#fullKeys.clear();
        this.#fullKeys.set(key, full);
        return full;
    }

    /**
     * The cached response for `key`: at once from the first tier, else a promise of Redis's answer
     * (undefined on a miss, and when Redis is out or too slow). If-None-Match gives a 304.
     * An entry that varies on request headers is a miss for requests that send other values.
     *
     * @example const cached = await shared.get(cacheKeyOf(url), request.headers);
     * @see https://jopi-rewrite.dev/docs/in-memory-cache#shared-cache
     */
    get(key: string, requestHeaders: Headers, useCompressed = true): Response | undefined | Promise<Response | undefined> {
        const core = this.#core;
        const full = this.#full(key);
        const entry = core.first.entry(full);
        if (entry !== undefined && (entry.vary === undefined || answers(entry, requestHeaders))) {
            core.counters.hits++;
            return answer(entry, requestHeaders, useCompressed);
        }
        if (!core.link.ready) {
            core.counters.misses++;
            return undefined;
        }
        return this.#fromRedis(full).then((found) => (found && answers(found, requestHeaders) ? answer(found, requestHeaders, useCompressed) : undefined));
    }

    async #fromRedis(full: string): Promise<CacheEntry | undefined> {
        const core = this.#core;
        const seen = core.sequence;
        // Never more than the budget (and one character, to tell a value over it), whatever the key holds.
        const limit = encodedLimit(core.options.maxEntryBytes);
        const found = await core.link.run((client) => Promise.all([client.getrange(full, 0, limit), client.pttl(full)]));
        if (!found || found[1] === -2) {
            core.counters.misses++;
            return undefined;
        }
        const entry = readEntry(full, found[0], core.options);
        if (typeof entry === "string") {
            core.counters.unreadable++;
            core.counters.misses++;
            if (!core.reportedUnreadable) {
                core.reportedUnreadable = true;
                console.error(`jopi-rewrite: the shared cache ignored the entry ${full} in Redis at ${displayUrl(core.options.url)}: ${entry}. It is replaced when the page is cached again; later ones are counted in stats.unreadable.`);
            }
            return undefined;
        }
        core.counters.sharedHits++;
        // A change made during the lookup (here or elsewhere) is newer than this answer: keeping
        // it would bring the old page back in this process.
        const overtaken = core.allChangedAt > seen || (core.changedAt.get(full) ?? 0) > seen;
        // The expiry read back is as untrusted as the value: a key without one (-1), or one far off,
        // would keep the page in this process for ever; the first tier keeps it ttlSeconds at most.
        const ttlMs = core.options.ttlSeconds * 1000;
        if (!overtaken) core.first.put(full, entry, found[1] > 0 ? Math.min(found[1], ttlMs) : ttlMs);
        return entry;
    }

    /**
     * Whether `key` is cached here or in Redis (a promise when Redis has to be asked).
     *
     * @example if (!(await shared.has(key))) await warmUp(key);
     * @see https://jopi-rewrite.dev/docs/in-memory-cache#shared-cache
     */
    has(key: string): boolean | Promise<boolean> {
        const full = this.#full(key);
        if (this.#core.first.has(full)) return true;
        return this.#core.link.run((client) => client.exists(full)).then((exists) => exists === true);
    }

    /**
     * Stores `response` (compressed when `compress` is true) in this process and in Redis, for
     * `s-maxage` seconds when its Cache-Control says so, else `ttlSeconds`; other processes drop
     * their copy. Returns the answer for this request. Responses that may not be cached come back
     * unstored, and remove the entry they replace; so do responses that vary on request headers
     * other than Accept-Encoding, since an entry in Redis does not carry the request it was stored for.
     * Admission is the first tier's (see `InMemoryCache.add`): once it has no room left, a key
     * offered for the first time lately comes back as it is, unread, uncompressed and stored
     * nowhere, so that a flood of one-off URLs costs no compression, pushes no page out of this
     * process and writes nothing to Redis; offered again, it is stored in both.
     *
     * @example return await shared.add(cacheKeyOf(url), render(), request.headers, true);
     * @see https://jopi-rewrite.dev/docs/in-memory-cache#shared-cache
     */
    async add(key: string, response: Response, requestHeaders: Headers, compress: boolean): Promise<Response> {
        const core = this.#core;
        const {maxEntryBytes, ttlSeconds, cacheableStatuses, namespace, secret} = core.options;
        const full = this.#full(key);
        const sMaxAge = S_MAXAGE.exec(response.headers.get("cache-control") ?? "")?.[1];
        const ttlMs = Number(sMaxAge ?? ttlSeconds) * 1000;
        const refused = refusalOf(response, {cacheableStatuses, varyOnCredentials: false}) ?? varyNames(response.headers.get("vary"));
        if (ttlMs <= 0 || refused !== undefined) {
            await this.delete(key);
            return response;
        }
        if (answersCredentials(response, requestHeaders)) return response;
        // A one-off URL while the first tier is full: neither read, compressed, nor sent to Redis.
        if (!core.first.admit(full)) return response;
        const read = await readBodyUpTo(response, maxEntryBytes);
        let parts = read instanceof Response ? undefined : entryParts(full, response, read, compress, maxEntryBytes);
        if (parts instanceof Promise) parts = await parts;
        if (parts === undefined) {
            await this.delete(key);
            if (read instanceof Response) return read;
            const {status, statusText, headers} = response;
            return new Response(read, {status, statusText, headers});
        }
        const entry = entryOf(full, parts);
        changed(core, full);
        core.first.put(full, entry, ttlMs);
        const value = encodeEntry(parts, full, secret);
        // Many tiny headers can make the value outgrow the budget that reads stop at: keep it here only.
        if (value.length > encodedLimit(maxEntryBytes)) {
            await removeKey(core, full);
            return answer(entry, requestHeaders, true);
        }
        const stored = await core.link.run((client) => {
            const set = client.set(full, value, "PX", String(ttlMs));
            void client.publish(`${namespace}:invalidate`, messageOf(core, "del", full)).catch(() => {});
            return set;
        });
        // Redis may still hold an older entry, which the others would serve once it is back.
        if (stored === undefined) remember(core, full, "del");
        else core.counters.stored++;
        return answer(entry, requestHeaders, true);
    }

    /**
     * Removes `key` here, in Redis and in every other process's first tier. While Redis is out,
     * the removal waits here and is sent when it is back. True if it was cached.
     *
     * @example await shared.delete(cacheKeyOf(new URL("https://example.com/news")));
     * @see https://jopi-rewrite.dev/docs/in-memory-cache#shared-cache
     */
    async delete(key: string): Promise<boolean> {
        const full = this.#full(key);
        changed(this.#core, full);
        const here = this.#core.first.delete(full);
        const there = await removeKey(this.#core, full);
        return here || there;
    }

    /**
     * Removes every entry of this website (of the whole namespace, for the cache `initSharedCache`
     * returned), everywhere.
     *
     * @example await shared.clear(); // after a deployment of new content
     * @see https://jopi-rewrite.dev/docs/in-memory-cache#shared-cache
     */
    async clear(): Promise<void> {
        const core = this.#core;
        const prefix = this.#prefix === `${core.options.keyPrefix}* ` ? core.options.keyPrefix : this.#prefix;
        allChanged(core);
        core.first.deletePrefix(prefix);
        await clearPrefix(core, prefix);
    }

    /**
     * Closes this process's connections to Redis (for every website using this cache): a script
     * or a test that is done calls it so that its process can end. Lookups then miss.
     *
     * @example shared.close();
     * @see https://jopi-rewrite.dev/docs/in-memory-cache#shared-cache
     */
    close(): void {
        this.#core.link.close();
    }

    /**
     * The store of resumable sessions on this cache's Redis, under its namespace and signed with
     * its secret: what `resume: {store: shared}` uses. @internal
     *
     * @example const store = shared.sessionStore(); await store.put(records);
     * @see https://jopi-rewrite.dev/docs/long-lived-connections#across-hosts
     */
    sessionStore(): SessionStore {
        return sessionStoreOf(this.#core);
    }

    /**
     * This process's counters, shared by every website's view of this cache.
     *
     * @example console.log(`${shared.stats.sharedHits} answers from Redis`);
     * @see https://jopi-rewrite.dev/docs/in-memory-cache#shared-cache
     */
    get stats(): SharedCacheStats {
        const {counters, link} = this.#core;
        return {...counters, errors: link.errors, connected: link.ready};
    }
}
