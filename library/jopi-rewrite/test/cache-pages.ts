/** What the cache tests store and how they ask for it. */

/** An HTML body large enough (about 23 KB) to be worth compressing. */
export const html = "<li>an item of a long enough list</li>\n".repeat(600);

/** An HTML response of `body`, 200 unless `init` says otherwise, with `init`'s extra headers. */
export const page = (body: string = html, init: ResponseInit = {}) =>
    new Response(body, {status: 200, ...init, headers: {"content-type": "text/html; charset=utf-8", ...init.headers}});

/** The headers of a request, as the cache reads them. */
export const ask = (headers: Record<string, string> = {}) => new Headers(headers);
