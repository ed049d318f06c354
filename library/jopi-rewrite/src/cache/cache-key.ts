/**
 * The key a request is cached under: the origin of the website that answers it, never a part of
 * the request the client chose (its Host header, a fragment), then the path and the query as the
 * website's `cacheQuery` says.
 * @module
 */
import {pathStartOf} from "../href.ts";

/**
 * What a website keeps of the query string in its cache keys: `"keep"` all of it (the default),
 * `"ignore"` all of it (one entry per path), or the names of the parameters that change the page,
 * in any order (`["page", "sort"]`: `?sort=a&page=2&utm_source=x` and `?page=2&sort=a` share).
 */
export type CacheQuery = "keep" | "ignore" | readonly string[];

function checked(cacheQuery: unknown, origin: string): CacheQuery {
    const valid = cacheQuery === "keep" || cacheQuery === "ignore" || (Array.isArray(cacheQuery) && cacheQuery.every((name) => typeof name === "string"));
    if (!valid) {
        throw new TypeError(`jopi-rewrite: the cacheQuery of ${origin} is ${JSON.stringify(cacheQuery)}; pass "keep", "ignore" or the names of the parameters that change the page, like ["page"].`);
    }
    return cacheQuery as CacheQuery;
}

function allowList(names: readonly string[]): (query: string) => string {
    const allowed = new Set(names);
    return (query) => {
        const kept = [...new URLSearchParams(query)].filter(([name]) => allowed.has(name));
        kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return kept.length === 0 ? "" : `?${new URLSearchParams(kept)}`;
    };
}

/**
 * The function that turns a request's URL into its cache key for the website at `origin`. With
 * `"keep"`, the URL of a request that came in with the website's own host and port is its key as
 * it is (the usual request: no string is built); others are rebuilt on `origin`, so that a Host
 * header naming another website, port or loopback name never reaches that website's entries.
 * A `cacheQuery` that is none of the three forms throws, saying what to pass.
 *
 * @example const keyOf = cacheKeyMaker("http://127.0.0.1:3000", ["page"]); keyOf("http://localhost:3000/list?page=2&x=1"); // "http://127.0.0.1:3000/list?page=2"
 * @see https://jopi-rewrite.dev/docs/in-memory-cache#keys
 */
export function cacheKeyMaker(origin: string, cacheQuery: CacheQuery = "keep"): (href: string) => string {
    const policy = checked(cacheQuery, origin);
    const query = policy === "keep" ? undefined : policy === "ignore" ? () => "" : allowList(policy);
    return (href) => {
        const own = href.startsWith(origin) && href.charCodeAt(origin.length) === 47;
        const pathStart = own ? origin.length : pathStartOf(href);
        if (pathStart < 0) return `${origin}/`;
        // Bun keeps a fragment a client sends in request.url; it names no other page.
        const hash = href.indexOf("#", pathStart);
        const end = hash < 0 ? href.length : hash;
        if (query === undefined) return own && hash < 0 ? href : origin + href.slice(pathStart, end);
        const question = href.indexOf("?", pathStart);
        const pathEnd = question < 0 || question > end ? end : question;
        return origin + href.slice(pathStart, pathEnd) + query(href.slice(pathEnd, end));
    };
}

/**
 * The cache key of a URL for a website at that URL's origin that keeps the whole query: origin
 * (scheme, host, and port when not the default) + path + query, without the fragment. It is the
 * key the request helpers use on such a website, so `getInMemoryCache().delete(cacheKeyOf(url))`
 * forgets what they stored; `site.cacheKeyOf(url)` gives the key of any website.
 *
 * @example cacheKeyOf(new URL("https://example.com:8443/news?page=2#top")); // "https://example.com:8443/news?page=2"
 * @example cacheKeyOf("http://127.0.0.1:3000/news"); // "http://127.0.0.1:3000/news"
 * @see https://jopi-rewrite.dev/docs/in-memory-cache#keys
 */
export function cacheKeyOf(url: URL | string): string {
    const parsed = typeof url === "string" ? new URL(url) : url;
    // Not `pathname + search`: a lone "?" is an empty search, yet it is in the request's URL, and
    // so in the key the helpers use.
    const href = parsed.href;
    const hash = href.indexOf("#");
    return parsed.origin + href.slice(href.indexOf("/", parsed.protocol.length + 2), hash < 0 ? href.length : hash);
}
