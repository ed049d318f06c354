/**
 * The options of the shared cache tier, their defaults, and the checks that turn a wrong value
 * into an error at start-up.
 * @module
 */
import type {InMemoryCache} from "../memory-cache.ts";

/** Where the shared tier lives and how long and how large its entries may be. */
export interface SharedCacheOptions {
    /** The Redis or Valkey server: `redis://host:6379`, `rediss://` for TLS, `redis://:password@host`. */
    url: string;
    /** How long an entry lives, unless its response says `Cache-Control: s-maxage=N`. Default 86_400 (a day). */
    ttlSeconds?: number;
    /** Largest entry (every coding of its body + headers) in bytes; larger responses are not cached. Default 1 MiB. */
    maxEntryBytes?: number;
    /** How long a request waits for Redis before it goes on without it. Default 100 ms. */
    timeoutMs?: number;
    /** Prefix of the keys and of the invalidation channel, so that several apps can share one server. Default "jopi". */
    namespace?: string;
    /** Status codes that may be cached. Default [200]. */
    cacheableStatuses?: number[];
    /** The first tier, in this process. Default: the process's memory cache, `getInMemoryCache()`. */
    firstTier?: InMemoryCache;
}

/** Options with every default filled in. */
export interface ResolvedSharedOptions {
    url: string;
    ttlSeconds: number;
    maxEntryBytes: number;
    timeoutMs: number;
    namespace: string;
    cacheableStatuses: readonly number[];
}

function positive(name: string, value: number | undefined, fallback: number, example: string): number {
    if (value === undefined) return fallback;
    if (!Number.isFinite(value) || value <= 0) {
        throw new RangeError(`jopi-rewrite: the shared cache option ${name} is ${value}, which is not a positive number. Pass e.g. ${name}: ${example}, or leave it out for the default.`);
    }
    return value;
}

/**
 * Fills in the defaults and checks each value, so that a typo fails loudly at start-up.
 *
 * @example const options = resolveSharedOptions({url: "redis://127.0.0.1:6379"});
 * @see https://jopi-rewrite.dev/docs/in-memory-cache#shared-cache
 */
export function resolveSharedOptions(options: SharedCacheOptions): ResolvedSharedOptions {
    const url = options?.url;
    if (typeof url !== "string" || !/^(redis|rediss|valkey|valkeys|redis\+unix|valkey\+unix):\/\//.test(url)) {
        throw new TypeError(`jopi-rewrite: the shared cache needs the address of a Redis or Valkey server, like {url: "redis://127.0.0.1:6379"}; got ${JSON.stringify(url)}.`);
    }
    const namespace = options.namespace ?? "jopi";
    if (!/^[\w.:-]{1,64}$/.test(namespace)) {
        throw new TypeError(`jopi-rewrite: the shared cache namespace ${JSON.stringify(namespace)} must be 1 to 64 letters, digits, ".", ":", "_" or "-".`);
    }
    const statuses = options.cacheableStatuses ?? [200];
    for (const status of statuses) {
        if (!Number.isInteger(status) || status < 200 || status > 599) {
            throw new RangeError(`jopi-rewrite: the shared cache option cacheableStatuses holds ${status}, which is not an HTTP status of a final response. List codes between 200 and 599.`);
        }
    }
    return {
        url,
        ttlSeconds: positive("ttlSeconds", options.ttlSeconds, 86_400, "3600"),
        maxEntryBytes: Math.floor(positive("maxEntryBytes", options.maxEntryBytes, 1024 * 1024, "1024 * 1024")),
        timeoutMs: positive("timeoutMs", options.timeoutMs, 100, "100"),
        namespace,
        cacheableStatuses: [...statuses],
    };
}

/**
 * The address of a server without its password, for messages.
 *
 * @example displayUrl("redis://:secret@cache:6379"); // "redis://cache:6379"
 * @see https://jopi-rewrite.dev/docs/in-memory-cache#shared-cache
 */
export function displayUrl(url: string): string {
    return url.replace(/\/\/[^@/]*@/, "//");
}
