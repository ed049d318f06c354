/**
 * The options of the shared cache tier, their defaults, and the checks that turn a wrong value
 * into an error at start-up.
 * @module
 */
import type {InMemoryCache} from "../memory-cache.ts";

/** Where the shared tier lives, how long and how large its entries may be, and how it trusts them. */
export interface SharedCacheOptions {
    /**
     * The Redis or Valkey server. `redis://host:6379`; with a password `redis://:password@host:6379`;
     * with an ACL user `redis://user:password@host:6379`; over TLS `rediss://...` (the server's
     * certificate is checked: see `tls` for a private authority). Characters such as `@`, `/` or
     * `:` in a password are written percent-encoded (`encodeURIComponent`). Logs name the server
     * without the password.
     */
    url: string;
    /**
     * TLS settings for `rediss://` URLs, e.g. `{ca: await Bun.file("ca.pem").text()}` when the
     * server's certificate is signed by a private authority, or `cert` and `key` when the server
     * asks for a client certificate. Default: the system's authorities.
     */
    tls?: Bun.TLSOptions;
    /**
     * Signs every entry and every invalidation message (HMAC-SHA256 with this key, over the entry's
     * key and content): an entry or a message not signed with it is ignored, and an ignored entry is
     * replaced by the next page stored. Set it whenever anything else can write to this Redis
     * (another app, a shared or managed server, a network others reach): without it, whoever can
     * write a key can make your site serve any page. Every process of the namespace needs the same
     * secret, of at least 16 characters, e.g. from `crypto.randomUUID()`, kept out of the code
     * (`process.env.CACHE_SECRET`). Changing it makes the stored entries misses. Default: none
     * (entries are still checked, but anyone can forge them).
     */
    secret?: string;
    /** How long an entry lives, unless its response says `Cache-Control: s-maxage=N`. Default 86_400 (a day). */
    ttlSeconds?: number;
    /**
     * Largest entry (every coding of its body + headers) in bytes; larger responses are not cached,
     * and a lookup never reads more than this (plus a third: entries are stored as base64) from
     * Redis, whatever a key holds. Default 1 MiB.
     */
    maxEntryBytes?: number;
    /** How long a request waits for Redis before it goes on without it. Default 100 ms. */
    timeoutMs?: number;
    /**
     * Prefix of the keys (`<namespace>|`) and of the invalidation channel (`<namespace>:invalidate`),
     * so that several apps can share one server; no namespace's keys start with another's. 1 to 64
     * letters, digits, ".", ":", "_" or "-". Default "jopi".
     */
    namespace?: string;
    /** Status codes that may be cached. Default [200]. */
    cacheableStatuses?: number[];
    /** The first tier, in this process. Default: the process's memory cache, `getInMemoryCache()`. */
    firstTier?: InMemoryCache;
}

/** Options with every default filled in. */
export interface ResolvedSharedOptions {
    url: string;
    tls: Bun.TLSOptions | undefined;
    secret: string | undefined;
    ttlSeconds: number;
    maxEntryBytes: number;
    timeoutMs: number;
    namespace: string;
    /** What every key of the namespace starts with: the namespace and a character no namespace holds. */
    keyPrefix: string;
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
    const secret = options.secret;
    if (secret !== undefined && (typeof secret !== "string" || secret.length < 16)) {
        throw new TypeError(`jopi-rewrite: the shared cache option secret must be a string of at least 16 characters (got ${typeof secret === "string" ? `${secret.length} characters` : typeof secret}). Use e.g. the output of crypto.randomUUID(), the same in every process, or leave it out.`);
    }
    const statuses = options.cacheableStatuses ?? [200];
    for (const status of statuses) {
        if (!Number.isInteger(status) || status < 200 || status > 599) {
            throw new RangeError(`jopi-rewrite: the shared cache option cacheableStatuses holds ${status}, which is not an HTTP status of a final response. List codes between 200 and 599.`);
        }
    }
    return {
        url,
        tls: options.tls,
        secret,
        ttlSeconds: positive("ttlSeconds", options.ttlSeconds, 86_400, "3600"),
        maxEntryBytes: Math.floor(positive("maxEntryBytes", options.maxEntryBytes, 1024 * 1024, "1024 * 1024")),
        timeoutMs: positive("timeoutMs", options.timeoutMs, 100, "100"),
        namespace,
        keyPrefix: `${namespace}|`,
        cacheableStatuses: [...statuses],
    };
}

/**
 * The address of a server without its password, for messages; the ACL user stays, to tell which
 * one was used.
 *
 * @example displayUrl("redis://cache:secret@cache:6379"); // "redis://cache@cache:6379"
 * @see https://jopi-rewrite.dev/docs/in-memory-cache#shared-cache
 */
export function displayUrl(url: string): string {
    try {
        const parsed = new URL(url);
        parsed.password = "";
        return parsed.href.replace(/\/$/, "");
    } catch {
        // Unparsable: drop everything up to the last "@", wherever the password ends.
        return url.replace(/\/\/.*@/, "//");
    }
}
