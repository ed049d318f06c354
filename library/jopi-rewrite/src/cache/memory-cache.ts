/**
 * The in-memory response cache: least-recently-used entries within a byte budget, each stored
 * once in every useful content coding, answered with ETag and 304 support.
 * @module
 */
import {admits, recordSighting} from "./admission.ts";
import {readBodyUpTo} from "./body-reader.ts";
import {answer, answers, buildEntry, type CacheEntry} from "./cache-entry.ts";
import {resolveCacheOptions, type MemoryCacheOptions, type MemoryCacheStats} from "./options.ts";
import {answersCredentials, refusalOf, varyNames} from "./storable.ts";
import {applyOptions, createStore, type CacheStore} from "./store.ts";
import type {CacheTier} from "./tier.ts";
import {dropVariants, storedFor, variantKey, variantRead} from "./variants.ts";

/**
 * A cache of whole responses by key, in memory. `initMemoryCache()` gives the process's one,
 * whose content survives `bun --hot`; `new InMemoryCache()` makes a separate one.
 *
 * @example const cache = new InMemoryCache({maxBytes: 8 * 1024 * 1024});
 * @see https://jopi-rewrite.dev/docs/in-memory-cache
 */
export class InMemoryCache implements CacheTier {
    readonly #store: CacheStore;

    /**
     * Wraps `store` (a new, empty one when left out) and gives it `options` when they are passed.
     * `clearOnHotReload` only acts on the process's cache, through `initMemoryCache`.
     *
     * @example const cache = new InMemoryCache({maxEntries: 500});
     * @see https://jopi-rewrite.dev/docs/in-memory-cache
     */
    constructor(options?: MemoryCacheOptions, store?: CacheStore) {
        const resolved = resolveCacheOptions(options);
        this.#store = store ?? createStore(resolved);
        if (store && options) applyOptions(store, resolved);
    }

    /**
     * This cache, for every website: its keys start with the origin of the website that answered.
     *
     * @example cache.forWebsite() === cache; // true
     * @see https://jopi-rewrite.dev/docs/in-memory-cache
     */
    forWebsite(): InMemoryCache {
        return this;
    }

    /**
     * The cached response for `key`, in the coding the request accepts, or undefined (a miss).
     * A matching If-None-Match gives a 304 (a hit). `useCompressed = false` always answers plain bytes.
     * A response that varies on request headers (`Vary`) answers only requests that send the
     * values of one of the requests it was stored for (see `maxVariants`); the others miss.
     *
     * @example const cached = cache.get(cacheKeyOf(url), request.headers);
     * @see https://jopi-rewrite.dev/docs/in-memory-cache
     */
    get(key: string, requestHeaders: Headers, useCompressed = true): Response | undefined {
        const store = this.#store;
        const entry = store.lru.get(key);
        if (entry === undefined) return this.#variant(key, requestHeaders, useCompressed);
        if (entry.vary !== undefined && !answers(entry, requestHeaders)) {
            store.counters.misses++;
            return undefined;
        }
        store.counters.hits++;
        return answer(entry, requestHeaders, useCompressed);
    }

    // Only once the URL's own key missed: a URL without Vary never gets here on a hit.
    #variant(key: string, requestHeaders: Headers, useCompressed: boolean): Response | undefined {
        const store = this.#store;
        const url = store.varied.get(key);
        const variant = url === undefined ? undefined : variantKey(key, url.names, requestHeaders);
        const entry = variant === undefined ? undefined : store.lru.get(variant);
        if (entry === undefined) {
            store.counters.misses++;
            return undefined;
        }
        variantRead(url!, variant!);
        store.counters.hits++;
        return answer(entry, requestHeaders, useCompressed);
    }

    /**
     * Whether `key` is cached, without counting a hit or a miss nor refreshing its recency.
     *
     * @example if (!cache.has(key)) await warmUp(key);
     * @see https://jopi-rewrite.dev/docs/in-memory-cache
     */
    has(key: string): boolean {
        return this.#store.lru.has(key) || this.#store.varied.has(key);
    }

    /**
     * Reads the body once, stores it (with gzip and brotli variants when `compress` is true) and
     * returns a new response for the current client. The body must be the plain one, as `fetch()`
     * gives it even when Content-Encoding says otherwise. Responses the cache may not keep (status
     * not listed, too large, no-store, private, Set-Cookie, Vary: *, Vary: Cookie or Authorization
     * without `varyOnCredentials`, an answer to a request with Authorization that is not marked
     * public) come back unstored, and remove what was stored for `key`. A response with `Vary` is
     * stored for the values `requestHeaders` give to the headers it names, beside those stored for
     * other values, up to `maxVariants` per key (the least recently read goes first).
     * Once the cache has no room left for an entry of maxEntryBytes, a key offered for the first
     * time lately comes back as it is, unread, unstored and uncompressed, so that a flood of
     * one-off URLs neither pushes out other pages nor costs a compression each; offered again, it
     * is stored in place of the least recently used entries.
     *
     * @example return await cache.add(cacheKeyOf(url), await render(request), request.headers, true);
     * @see https://jopi-rewrite.dev/docs/in-memory-cache
     */
    async add(key: string, response: Response, requestHeaders: Headers, compress: boolean): Promise<Response> {
        const store = this.#store;
        // The response given is the current one for `key`: an older entry must not outlive it.
        if (refusalOf(response, store.options) !== undefined) {
            this.delete(key);
            return response;
        }
        if (answersCredentials(response, requestHeaders)) return response;
        const names = varyNames(response.headers.get("vary"));
        const target = names === undefined ? key : variantKey(key, names, requestHeaders);
        if (!this.admit(target)) return response;
        const read = await readBodyUpTo(response, store.options.maxEntryBytes);
        let entry = read instanceof Response ? undefined : buildEntry(target, response, read, compress, store.options.maxEntryBytes, requestHeaders);
        if (entry instanceof Promise) entry = await entry;
        if (entry === undefined) {
            store.lru.delete(key);
            store.lru.delete(target);
            if (read instanceof Response) return read;
            const {status, statusText, headers} = response;
            return new Response(read, {status, statusText, headers});
        }
        store.lru.set(target, entry);
        storedFor(store, key, names, target);
        return answer(entry, requestHeaders, true);
    }

    /**
     * Records that `key` is offered and says whether it may be stored (see `admits`): the shared
     * tier asks before it reads, compresses and sends a page to Redis, so that its first tier
     * decides for both.
     * @internal
     */
    admit(key: string): boolean {
        const store = this.#store;
        return admits(store, key, recordSighting(store.sightings, key));
    }

    /**
     * The entry for `key`, counted as a hit or a miss: the shared tier's way into its first tier.
     * @internal
     */
    entry(key: string): CacheEntry | undefined {
        const store = this.#store;
        const entry = store.lru.get(key);
        if (entry === undefined) store.counters.misses++;
        else store.counters.hits++;
        return entry;
    }

    /**
     * Stores an entry built elsewhere, for `ttlMs` milliseconds (0: until evicted).
     * @internal
     */
    put(key: string, entry: CacheEntry, ttlMs: number): void {
        if (ttlMs > 0) this.#store.lru.set(key, entry, {ttl: ttlMs});
        else this.#store.lru.set(key, entry);
    }

    /**
     * Removes every key that starts with `prefix`: a shared tier clears its own entries only.
     * @internal
     */
    deletePrefix(prefix: string): void {
        const lru = this.#store.lru;
        for (const key of [...lru.keys()]) if (key.startsWith(prefix)) lru.delete(key);
    }

    /**
     * Removes `key`, with every variant stored for it; true if one was cached.
     *
     * @example cache.delete(cacheKeyOf(new URL("https://example.com/news")));
     * @see https://jopi-rewrite.dev/docs/in-memory-cache
     */
    delete(key: string): boolean {
        const variants = dropVariants(this.#store, key);
        return this.#store.lru.delete(key) || variants;
    }

    /**
     * Removes every entry. The hit, miss and eviction counters go on: they describe the process.
     *
     * @example cache.clear(); // after a deployment of new content
     * @see https://jopi-rewrite.dev/docs/in-memory-cache
     */
    clear(): void {
        this.#store.lru.clear();
        this.#store.varied.clear();
    }

    /**
     * A snapshot of the counters and the memory in use.
     *
     * @example console.log(`${cache.stats.hits} hits, ${cache.stats.bytes} bytes`);
     * @see https://jopi-rewrite.dev/docs/in-memory-cache
     */
    get stats(): MemoryCacheStats {
        const {lru, counters, options} = this.#store;
        return {...counters, entries: lru.size, bytes: lru.calculatedSize, maxBytes: options.maxBytes};
    }
}
