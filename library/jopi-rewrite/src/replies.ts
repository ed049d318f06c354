import {checkRedirectTarget} from "./redirect-target.ts";

/** Status and headers of a reply, given after the page's parts. */
export interface ReplyOptions {
    status?: number;
    /** A `Headers`, an object, or `[name, value]` pairs. */
    // Spelled out rather than `HeadersInit`: a DOM name, which a Bun app's types may not declare.
    headers?: Headers | Record<string, string> | [string, string][];
}

/** A piece of a page: joined as text, with no separator. */
export type Part = string | number | bigint | boolean | null | undefined;

function isOptions(value: unknown): value is ReplyOptions {
    return typeof value === "object" && value !== null;
}

function reply(contentType: string, args: (Part | ReplyOptions)[]): Response {
    const last = args[args.length - 1];
    // The common case, no options: a plain header object is cheaper for Bun than a Headers, and a
    // single string needs no join.
    if (!isOptions(last)) {
        const body = args.length === 1 && typeof last === "string" ? last : args.join("");
        return new Response(body, {headers: {"content-type": contentType}});
    }
    const options = last;
    const parts = args.slice(0, -1) as Part[];
    const headers = new Headers(options.headers);
    if (!headers.has("content-type")) headers.set("content-type", contentType);
    return new Response(parts.join(""), {status: options.status ?? 200, headers});
}

/**
 * An HTML page made of its parts, joined as text. A status or headers go in a last options object.
 *
 * @example htmlResponse("Is request #", 3); // "Is request #3", 200
 * @example htmlResponse("<h1>Gone</h1>", {status: 410});
 * @see https://jopi-rewrite.dev/docs/getting-started#replies
 */
export function htmlResponse(...args: (Part | ReplyOptions)[]): Response {
    return reply("text/html; charset=utf-8", args);
}

/**
 * A plain-text reply made of its parts; options as for `htmlResponse`.
 *
 * @example textResponse("ok");
 * @see https://jopi-rewrite.dev/docs/getting-started#replies
 */
export function textResponse(...args: (Part | ReplyOptions)[]): Response {
    return reply("text/plain; charset=utf-8", args);
}

const JSON_TYPE = "application/json; charset=utf-8";

/**
 * A JSON reply.
 *
 * @example jsonResponse({id: 7}, {status: 201});
 * @see https://jopi-rewrite.dev/docs/getting-started#replies
 */
export function jsonResponse(data: unknown, options?: ReplyOptions): Response {
    if (options === undefined) return new Response(JSON.stringify(data), {headers: {"content-type": JSON_TYPE}});
    const headers = new Headers(options.headers);
    if (!headers.has("content-type")) headers.set("content-type", JSON_TYPE);
    return new Response(JSON.stringify(data), {status: options.status ?? 200, headers});
}

/** Options of `redirectResponse`: those of every reply, and whether the target may be another website. */
export interface RedirectOptions extends ReplyOptions {
    /**
     * Allows a target on another website: `https://example.com/x`, `//example.com/x`, `myapp:/callback`.
     * Default `false`: only paths of this website (`/account`, `account`, `?page=2`), so a target
     * taken from the request (`?next=`) cannot make an open redirect. `javascript:`, `data:` and
     * `vbscript:` targets, and control characters, are refused even with `true`.
     */
    external?: boolean;
}

/**
 * A redirection: 302 by default, 301/307/308 with `status`. The target must be a path of this
 * website unless `{external: true}`; a refused target throws a `TypeError` (so the handler answers
 * 500 and the log names the request) rather than send a visitor elsewhere.
 *
 * @example redirectResponse("/login");
 * @example redirectResponse("https://accounts.example.com/", {external: true, status: 307});
 * @see https://jopi-rewrite.dev/docs/getting-started#replies
 */
export function redirectResponse(location: string | URL, options: RedirectOptions = {}): Response {
    const target = String(location);
    checkRedirectTarget(target, options.external === true);
    const headers = new Headers(options.headers);
    headers.set("location", target);
    return new Response(null, {status: options.status ?? 302, headers});
}

/**
 * A 404 page.
 *
 * @example error404Response();
 * @see https://jopi-rewrite.dev/docs/getting-started#replies
 */
export function error404Response(message = "Not Found"): Response {
    return textResponse(message, {status: 404});
}

/**
 * A 500 page with a generic body: the details of an error belong in the log, not in front of visitors.
 *
 * @example error500Response();
 * @see https://jopi-rewrite.dev/docs/getting-started#replies
 */
export function error500Response(message = "Internal Server Error"): Response {
    return textResponse(message, {status: 500});
}
