/**
 * The key a URL is cached under.
 * @module
 */

/**
 * The cache key of a URL: host (with its port, when not the default) + path + query. The host is
 * part of it because one process often serves several websites, and they must never answer with
 * each other's pages. The scheme and the fragment are not: the same page is served over http
 * and https, and browsers never send the fragment.
 *
 * @example cacheKeyOf(new URL("https://example.com:8443/news?page=2")); // "example.com:8443/news?page=2"
 * @example cacheKeyOf(request.url); // the same, from a request's normalised url
 * @see https://jopi-rewrite.dev/docs/in-memory-cache
 */
export function cacheKeyOf(url: URL | string): string {
    if (typeof url !== "string") return url.host + url.pathname + url.search;
    // A request's url, which Bun has already normalised as URL would (lower-case host, no default
    // port, no dot segments): slicing it spares a URL object on every cache lookup.
    const start = url.indexOf("//") + 2;
    const hash = url.indexOf("#", start);
    return hash < 0 ? url.slice(start) : url.slice(start, hash);
}
