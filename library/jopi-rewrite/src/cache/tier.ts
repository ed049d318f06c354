/**
 * What every tier of the response cache offers a website: the process's memory (`InMemoryCache`)
 * and the shared tier on Redis (`SharedCache`) both implement it, so that a website and its request
 * helpers use either without knowing which one it is.
 * @module
 */

/** The counters every tier keeps; each tier adds its own. */
export interface CacheTierStats {
    hits: number;
    misses: number;
}

/**
 * A response cache by key. The key of a request, computed once by the website that answers it, is
 * that website's origin + path + query (see `cacheQuery`); `cacheKeyOf(url)` gives it for a URL.
 * A tier may answer at once or with a promise: `await` what it gives, which works for both.
 *
 * @example const cache: CacheTier = site.cache; const hit = await cache.get(cacheKeyOf(url), request.headers);
 * @see https://jopi-rewrite.dev/docs/in-memory-cache
 */
export interface CacheTier {
    /** The cached response for `key` in the coding the request accepts (a 304 for a matching If-None-Match), or undefined. */
    get(key: string, requestHeaders: Headers, useCompressed?: boolean): Response | undefined | Promise<Response | undefined>;
    /** Stores `response` if it may be shared, and returns the answer for this request. */
    add(key: string, response: Response, requestHeaders: Headers, compress: boolean): Promise<Response>;
    /** Whether `key` is cached. */
    has(key: string): boolean | Promise<boolean>;
    /** Removes `key`; true if it was cached. */
    delete(key: string): boolean | Promise<boolean>;
    /** Removes every entry this tier (or this website's view of it) holds. */
    clear(): void | Promise<void>;
    /** A snapshot of the counters. */
    readonly stats: CacheTierStats;
    /**
     * The tier as the website declared at `declaredOrigin` and answering at `origin` uses it. The
     * memory tier is the same object (its keys already start with `origin`); the shared tier
     * namespaces its keys by the declared origin, which every worker and host of that website share.
     */
    forWebsite(declaredOrigin: string, origin: string): CacheTier;
}
