/**
 * The options of the response cache, their defaults, and the checks that turn a wrong value into
 * an error at start-up rather than a cache that silently holds nothing.
 * @module
 */

/** Limits and behaviour of the in-memory response cache. */
export interface MemoryCacheOptions {
    /**
     * Byte budget of all stored bodies (all encodings) + keys + headers. Default 64 MiB. Once it
     * has no room left for an entry of maxEntryBytes (or maxEntries is reached), a URL offered
     * once lately is not stored; one offered again is, in place of the least recently used
     * entries. To tell them apart, the cache also keeps a hash of the last 10,000 to 20,000 URLs
     * offered: at most about 1.5 MB, outside this budget.
     */
    maxBytes?: number;
    /** Most entries. Default 10_000. */
    maxEntries?: number;
    /** Largest single entry in bytes; larger responses are not cached (add returns them uncached). Default maxBytes/8. */
    maxEntryBytes?: number;
    /**
     * Most entries kept for one URL whose response varies on request headers (`Vary:
     * Accept-Language`): one per combination of their values, each counted in maxBytes and
     * maxEntries like a page. Past it, storing a new combination removes the one least recently read.
     * `delete(key)` removes them all. Default 8.
     */
    maxVariants?: number;
    /** Empty the cache at each hot reload instead of keeping it. Default false. */
    clearOnHotReload?: boolean;
    /** Status codes that may be cached. Default [200]. */
    cacheableStatuses?: number[];
    /**
     * Store responses whose `Vary` names `Cookie` or `Authorization`, each entry answering only the
     * visitor who sends the same cookie or credentials. Default false: such responses are not
     * stored, since a wrong match would hand one visitor's page to another.
     */
    varyOnCredentials?: boolean;
}

/** Counters of the cache, kept across hot reloads. */
export interface MemoryCacheStats {
    hits: number;
    misses: number;
    entries: number;
    bytes: number;
    evictions: number;
    maxBytes: number;
}

/** Options with every default filled in. */
export interface ResolvedCacheOptions {
    maxBytes: number;
    maxEntries: number;
    maxEntryBytes: number;
    maxVariants: number;
    clearOnHotReload: boolean;
    cacheableStatuses: readonly number[];
    varyOnCredentials: boolean;
}

const MIB = 1024 * 1024;

function checkCount(name: string, value: number | undefined, fallback: number, example: string): number {
    if (value === undefined) return fallback;
    if (!Number.isFinite(value) || value < 1) {
        throw new RangeError(
            `jopi-rewrite: the cache option ${name} is ${value}, which is not a positive number. ` +
                `Pass a whole number above 0, e.g. ${name}: ${example}, or leave it out for the default.`,
        );
    }
    // lru-cache only accepts whole sizes.
    return Math.floor(value);
}

/**
 * Fills in the defaults and checks each value, so that a typo fails loudly at start-up.
 *
 * @example const options = resolveCacheOptions({maxBytes: 16 * 1024 * 1024});
 * @see https://jopi-rewrite.dev/docs/in-memory-cache
 */
export function resolveCacheOptions(options: MemoryCacheOptions = {}): ResolvedCacheOptions {
    const maxBytes = checkCount("maxBytes", options.maxBytes, 64 * MIB, "64 * 1024 * 1024");
    const maxEntries = checkCount("maxEntries", options.maxEntries, 10_000, "10_000");
    const maxEntryBytes = checkCount("maxEntryBytes", options.maxEntryBytes, Math.max(1, Math.floor(maxBytes / 8)), "1024 * 1024");
    if (maxEntryBytes > maxBytes) {
        throw new RangeError(
            `jopi-rewrite: the cache option maxEntryBytes (${maxEntryBytes}) is larger than maxBytes (${maxBytes}). ` +
                `Lower maxEntryBytes or raise maxBytes: one entry cannot be larger than the whole cache.`,
        );
    }
    const maxVariants = checkCount("maxVariants", options.maxVariants, 8, "8");
    const statuses = options.cacheableStatuses ?? [200];
    for (const status of statuses) {
        if (!Number.isInteger(status) || status < 200 || status > 599) {
            throw new RangeError(
                `jopi-rewrite: the cache option cacheableStatuses holds ${status}, which is not an HTTP status of a final response. ` +
                    `List codes between 200 and 599, e.g. cacheableStatuses: [200, 404].`,
            );
        }
    }
    return {maxBytes, maxEntries, maxEntryBytes, maxVariants, clearOnHotReload: options.clearOnHotReload ?? false, cacheableStatuses: [...statuses], varyOnCredentials: options.varyOnCredentials === true};
}

/**
 * True when two sets of options give the same limits, so the stored entries can stay as they are.
 *
 * @example if (!sameLimits(kept, wanted)) rebuild();
 * @see https://jopi-rewrite.dev/docs/in-memory-cache
 */
export function sameLimits(a: ResolvedCacheOptions, b: ResolvedCacheOptions): boolean {
    return a.maxBytes === b.maxBytes && a.maxEntries === b.maxEntries && a.maxEntryBytes === b.maxEntryBytes;
}
