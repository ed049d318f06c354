import type {CacheTier} from "./cache/index.ts";
import {BadRequestError} from "./errors.ts";
import {openEventStream} from "./event-stream/open.ts";
import type {EventStreamOptions} from "./event-stream/options.ts";
import {readBody, type BodyLimit} from "./limits.ts";
import * as replies from "./replies.ts";

/** What a request needs of its website. */
interface RequestSite extends BodyLimit {
    readonly cache: CacheTier;
    cacheKeyOf(href: string): string;
    readonly hostname: string;
    readonly port: number;
}

const decoder = new TextDecoder();

/**
 * What a route handler receives: the request, its path parameters, and helpers that build
 * replies and use the website's cache. Every helper returns a standard `Response`.
 *
 * @example site.onGET("/user/:id", req => req.jsonResponse({id: req.urlParams.id}));
 * @see https://jopi-rewrite.dev/docs/getting-started#requests
 */
export class JopiRequest {
    /** The standard request, as Bun received it. */
    readonly request: Request;
    /** `request.url`, read once: Bun builds that string anew at each read. */
    readonly href: string;
    /** Path parameters: `{id: "7"}` for `/user/:id` and `/user/7`. */
    readonly urlParams: Record<string, string>;
    // The website, not its cache: the cache (and lru-cache with it) is only looked up, and created
    // the first time, by the handlers that use it.
    private readonly site: RequestSite;
    // Built on first use only: most handlers never look at them, and this object is made per request.
    private parsedUrl: URL | undefined = undefined;
    private parsedCookies: Bun.CookieMap | undefined = undefined;

    constructor(request: Request, href: string, urlParams: Record<string, string>, site: RequestSite) {
        this.request = request;
        this.href = href;
        this.urlParams = urlParams;
        this.site = site;
    }

    get url(): URL {
        return (this.parsedUrl ??= new URL(this.href));
    }

    get method(): string {
        return this.request.method;
    }

    get headers(): Headers {
        return this.request.headers;
    }

    get searchParams(): URLSearchParams {
        return this.url.searchParams;
    }

    /** The request's cookies, read from its Cookie header. */
    get cookies(): Bun.CookieMap {
        return (this.parsedCookies ??= new Bun.CookieMap(this.headers.get("cookie") ?? ""));
    }

    getCookie(name: string): string | undefined {
        return this.cookies.get(name) ?? undefined;
    }

    /**
     * The body as bytes, read up to the website's `maxBodyBytes` (1 MiB by default): a larger body
     * stops being read at the limit and answers 413. `text`, `json` and `formData` read it so too.
     *
     * @example site.onPOST("/upload", async (req) => req.textResponse(`${(await req.bytes()).length} bytes`));
     * @see https://jopi-rewrite.dev/docs/getting-started#requests
     */
    bytes(): Promise<Uint8Array<ArrayBuffer>> {
        return readBody(this.request, this.site);
    }

    /** The body as text (UTF-8), within `maxBodyBytes`. */
    async text(): Promise<string> {
        return decoder.decode(await this.bytes());
    }

    /** The body as JSON, within `maxBodyBytes`; a body that isn't JSON answers 400. */
    async json<T = unknown>(): Promise<T> {
        const text = await this.text();
        try {
            return JSON.parse(text) as T;
        } catch {
            throw new BadRequestError("The request body is not valid JSON.");
        }
    }

    /** The body as form data, within `maxBodyBytes`; a body that isn't a form answers 400. */
    async formData(): Promise<FormData> {
        const body = await this.bytes();
        try {
            return await new Response(body, {headers: {"content-type": this.headers.get("content-type") ?? ""}}).formData();
        } catch {
            throw new BadRequestError("The request body is not a valid form (multipart or urlencoded).");
        }
    }

    htmlResponse(...args: Parameters<typeof replies.htmlResponse>): Response {
        return replies.htmlResponse(...args);
    }

    textResponse(...args: Parameters<typeof replies.textResponse>): Response {
        return replies.textResponse(...args);
    }

    jsonResponse(...args: Parameters<typeof replies.jsonResponse>): Response {
        return replies.jsonResponse(...args);
    }

    redirectResponse(...args: Parameters<typeof replies.redirectResponse>): Response {
        return replies.redirectResponse(...args);
    }

    error404Response(message?: string): Response {
        return replies.error404Response(message);
    }

    error500Response(message?: string): Response {
        return replies.error500Response(message);
    }

    /**
     * Answers with an event stream (Server-Sent Events): the headers, a keep-alive comment every
     * 5 s, `retry` and `Last-Event-ID`; it ends when the client goes away. Events come from `open`
     * and from `site.publishEvent(channel, ...)`, which reaches streams opened by older versions too.
     * With `resume`, the stream is a session that a client coming back with `Last-Event-ID` resumes,
     * with every event it missed (`stream.recovered` true).
     *
     * @example site.onGET("/events", req => req.eventStream({channel: "ticks", retryMs: 1000}));
     * @example site.onGET("/feed", req => req.eventStream({resume: {keepFor: "2m"}, channel: "news"}));
     * @see https://jopi-rewrite.dev/docs/long-lived-connections#event-streams
     */
    eventStream(options?: EventStreamOptions): Response {
        return openEventStream(this.request, this.site, options);
    }

    /**
     * The cached reply for this URL, compressed to suit the client unless `useCompressed` is false;
     * undefined when nothing is cached. The key is the answering website's origin + path + query
     * (as its `cacheQuery` says), never the Host the client sent. A HEAD request gets the GET
     * entry (Bun sends no body). `If-None-Match` gets a 304. The memory cache answers at once; a
     * shared cache answers a first-tier miss with a promise of Redis's answer: `await` it.
     *
     * @example return (await req.getFromCache()) ?? req.addToCache_Compressed(req.htmlResponse(page));
     * @see https://jopi-rewrite.dev/docs/in-memory-cache
     */
    getFromCache(useCompressed = true): Response | undefined | Promise<Response | undefined> {
        return this.site.cache.get(this.site.cacheKeyOf(this.href), this.headers, useCompressed);
    }

    /**
     * The cached reply for this URL, or else `render()`'s reply, cached compressed. A hit in memory
     * (or in a shared cache's first tier) is returned as it is, not as a promise: a handler that
     * returns this answers it without a turn of the event loop, which an `await` would cost.
     *
     * @example site.onGET("/", (req) => req.getFromCacheOr(() => req.htmlResponse(page)));
     * @see https://jopi-rewrite.dev/docs/in-memory-cache
     */
    getFromCacheOr(render: () => Response | Promise<Response>): Response | Promise<Response> {
        // getFromCache's body, not a call to it: one call less on every hit was 2-4% more requests
        // per CPU-second of a cache hit (bench/hit-path.ts, 14 rounds, twice).
        const site = this.site;
        const cached = site.cache.get(site.cacheKeyOf(this.href), this.request.headers, true);
        if (cached instanceof Response) return cached;
        if (cached === undefined) return this.renderToCache(render);
        return cached.then((hit) => hit ?? this.renderToCache(render));
    }

    private async renderToCache(render: () => Response | Promise<Response>): Promise<Response> {
        return this.addToCache_Compressed(await render());
    }

    private addToCache(response: Response, compress: boolean): Promise<Response> {
        // Only GET answers are the page at this URL: a POST's answer must not replace it (and HEAD
        // runs the GET route).
        const method = this.request.method;
        if (method !== "GET" && method !== "HEAD") return Promise.resolve(response);
        return this.site.cache.add(this.site.cacheKeyOf(this.href), response, this.headers, compress);
    }

    /**
     * Caches `response` for this URL, compressed once (gzip and brotli) now rather than at every hit,
     * and returns the reply to send this client. Only the answer to a GET (or HEAD) is stored: from
     * any other method, `response` comes back unstored and the GET entry stays. See the cache's
     * `add` for the responses it refuses (Set-Cookie, private, Vary: Cookie...).
     *
     * @example return req.addToCache_Compressed(req.htmlResponse(page));
     * @see https://jopi-rewrite.dev/docs/in-memory-cache
     */
    addToCache_Compressed(response: Response): Promise<Response> {
        return this.addToCache(response, true);
    }

    /**
     * Caches `response` for this URL as it is, and returns the reply to send this client. Only the
     * answer to a GET (or HEAD) is stored, as for `addToCache_Compressed`.
     *
     * @example return req.addToCache_Uncompressed(req.jsonResponse(data));
     * @see https://jopi-rewrite.dev/docs/in-memory-cache
     */
    addToCache_Uncompressed(response: Response): Promise<Response> {
        return this.addToCache(response, false);
    }

    /** Whether a reply is cached for this URL (a promise when a shared cache has to ask Redis). */
    hasInCache(): boolean | Promise<boolean> {
        return this.site.cache.has(this.site.cacheKeyOf(this.href));
    }

    /**
     * Forgets the cached reply for this URL, or for `url` (absolute, or relative to this one): its
     * path and query, on this website, whatever origin `url` names. A shared cache forgets it in
     * every process too, and returns a promise settled once Redis has.
     *
     * @example req.removeFromCache("/news");
     * @see https://jopi-rewrite.dev/docs/in-memory-cache
     */
    removeFromCache(url?: string | URL): boolean | Promise<boolean> {
        return this.site.cache.delete(this.site.cacheKeyOf(url === undefined ? this.href : new URL(url, this.url).href));
    }
}
