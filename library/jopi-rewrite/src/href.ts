/**
 * Reading parts of a request's URL string without building a URL object: these run for every
 * request. Bun builds `request.url` from the Host header and normalises it as URL does (lower-case
 * host, no default port, no dot segments); a request made in-process carries the same form.
 * @module
 */

/**
 * Where the path of an absolute URL string starts, or -1 when it has none.
 *
 * @example pathStartOf("http://a.com:3000/news?x=1"); // 17
 */
export function pathStartOf(href: string): number {
    return href.indexOf("/", href.indexOf("//") + 2);
}

/**
 * The path of an absolute URL string whose path starts at `start`, without the query.
 *
 * @example pathOf("http://a.com/news?x=1", 12); // "/news"
 */
export function pathOf(href: string, start = pathStartOf(href)): string {
    if (start < 0) return "/";
    const end = href.indexOf("?", start);
    return end < 0 ? href.slice(start) : href.slice(start, end);
}

/**
 * The host name a URL string is addressed to, without the port.
 *
 * @example hostnameOf("http://[::1]:3000/"); // "[::1]"
 */
export function hostnameOf(href: string): string {
    const slash = pathStartOf(href);
    const host = href.slice(href.indexOf("//") + 2, slash < 0 ? undefined : slash);
    const end = host.startsWith("[") ? host.indexOf("]") + 1 : host.indexOf(":");
    return end > 0 ? host.slice(0, end) : host;
}
