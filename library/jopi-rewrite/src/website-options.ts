/**
 * What a website is given: its URL, checked, and its options.
 * @module
 */
import type {TLSOptions} from "bun";
import type {CacheQuery, CacheTier} from "./cache/index.ts";

export interface WebSiteOptions {
    /** The response cache of this website; the process's `getInMemoryCache()` by default, or `initSharedCache(...)`. */
    cache?: CacheTier;
    /**
     * What the cache keys keep of the query string: `"keep"` (default) all of it, `"ignore"` none
     * (one entry per path), or the parameters that change the page (`["page", "sort"]`, in any
     * order), so that tracking or random parameters cannot fill the cache with copies of a page.
     * On the website, not the cache: which parameters matter is a property of its pages.
     */
    cacheQuery?: CacheQuery;
    /** Certificate and key, for an `https://` website. */
    tls?: TLSOptions;
    /**
     * The largest request body this website reads, in bytes: `req.text()`, `json()`, `formData()`
     * and `bytes()` stop reading past it and answer 413. Default: the server's `maxBodyBytes`, else
     * 1 MiB (1_048_576). The port accepts no body larger than the largest limit of its websites.
     */
    maxBodyBytes?: number;
    /**
     * The address the website's port listens on. Default: loopback only (127.0.0.1 and ::1) when
     * every website of the port has a loopback name (`localhost`, `*.localhost`, `127.x.y.z`, `[::1]`),
     * every interface otherwise. `"::"` exposes a loopback-named website on every interface, in a
     * container say (`"0.0.0.0"`: IPv4 only); `"10.0.0.5"` listens on that address only. Websites
     * of one port must agree.
     */
    listen?: string;
}

/**
 * The URL of a website, parsed; an error that says how to write it otherwise.
 * @example parseSiteUrl("http://127.0.0.1:3000").port; // "3000"
 * @see https://jopi-rewrite.dev/docs/getting-started
 */
export function parseSiteUrl(url: string): URL {
    let parsed: URL;
    try {
        parsed = new URL(url);
    } catch {
        throw new TypeError(`jopi-rewrite: ${JSON.stringify(url)} is not a website URL; write it like "http://127.0.0.1:3000".`);
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
        throw new TypeError(`jopi-rewrite: a website URL starts with http:// or https://, not ${parsed.protocol}// (${url}).`);
    }
    return parsed;
}
