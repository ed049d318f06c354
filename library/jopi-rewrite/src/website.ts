import type {Server} from "bun";
import {addRoute, createRouter, findRoute} from "rou3";
import {cacheKeyMaker, getInMemoryCache, type CacheTier} from "./cache/index.ts";
import {publishEvent, type ServerEvent} from "./event-stream/channel.ts";
import {eventStreamsOf} from "./event-stream/open.ts";
import type {EventStream} from "./event-stream/stream.ts";
import {pathOf} from "./href.ts";
import {JopiWebSocket, topicOf, type SocketMessage} from "./websocket/socket.ts";
import {publishToSessions} from "./websocket/session-topics.ts";
import {detachedSockets} from "./websocket/detached.ts";
import {openConnections} from "./long-lived.ts";
import {checkLimit, DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_MESSAGE_BYTES} from "./limits.ts";
import {checked, decodeParams, failed} from "./handler-outcome.ts";
import {parseSiteUrl, type WebSiteOptions} from "./website-options.ts";
import {raisePayloadLimit, serversOn} from "./port-listeners.ts";
import {error404Response, textResponse} from "./replies.ts";
import {JopiRequest} from "./request.ts";
import {checkRoutePattern} from "./route-pattern.ts";
import {acceptSocket, wantsWebSocket} from "./websocket/accept.ts";
import {SocketRoutes, type WebSocketRoute} from "./websocket/routes.ts";

export type {WebSiteOptions} from "./website-options.ts";

/** A route handler: gets the request, returns (or resolves to) a standard `Response`. */
export type Handler = (req: JopiRequest) => Response | Promise<Response>;

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;
const NO_PARAMS: Record<string, string> = Object.freeze({}) as Record<string, string>;
// A path the router would store as it is: no parameter, wildcard, group, escape, dot segment or
// trailing slash. Such a route is also kept in a Map by method and path, so that the usual request
// is answered with one Map lookup; the router's own object lookup cost ~13% of a cache hit's CPU.
const PLAIN_PATH = /^\/(?:(?!\.\.?(?:\/|$))[\w.~%-]+(?:\/(?!\.\.?(?:\/|$))[\w.~%-]+)*)?$/;

/**
 * A website: a host and a port (from its URL), its routes and its cache. The `PORT` environment
 * variable, when set, replaces the port of the URL, as hosting platforms and non-root users need.
 *
 * @example const site = server.addWebsite(new WebSite("http://127.0.0.1:3000"));
 * @see https://jopi-rewrite.dev/docs/getting-started
 */
export class WebSite {
    readonly hostname: string;
    readonly port: number;
    readonly secure: boolean;
    private readonly router = createRouter<Handler>();
    private readonly declared = new Set<string>();
    private readonly plainRoutes = new Map<string, Map<string, Handler>>();
    /** The WebSocket routes, made by the first `onWebSocket`: only their paths ever look at Upgrade headers. @internal */
    sockets: SocketRoutes | undefined = undefined;

    /**
     * The cache key of a URL of this website: this website's origin, whatever host or port the
     * request named, + path + query as `cacheQuery` says. The request helpers key with it.
     *
     * @example site.cache.delete(site.cacheKeyOf("http://127.0.0.1:3000/news?page=2"));
     * @see https://jopi-rewrite.dev/docs/in-memory-cache#keys
     */
    readonly cacheKeyOf: (href: string) => string;
    /** The server's default `maxBodyBytes`, set by `addWebsite`. @internal */
    serverMaxBodyBytes: number | undefined = undefined;
    private cacheView: CacheTier | undefined;
    // The origin as the code declares it, before PORT: every worker and host of one website shares it.
    private readonly declaredOrigin: string;

    constructor(url: string, private readonly options: WebSiteOptions = {}) {
        const parsed = parseSiteUrl(url);
        this.declaredOrigin = parsed.origin.toLowerCase();
        this.secure = parsed.protocol === "https:";
        this.hostname = parsed.hostname.toLowerCase();
        const fromEnv = process.env.PORT;
        if (fromEnv !== undefined && !/^\d{1,5}$/.test(fromEnv)) {
            throw new TypeError(`jopi-rewrite: PORT=${JSON.stringify(fromEnv)} is not a port number; set it like PORT=3000.`);
        }
        this.port = Number(fromEnv ?? (parsed.port || (this.secure ? 443 : 80)));
        this.cacheKeyOf = cacheKeyMaker(this.origin, options.cacheQuery);
        checkLimit("maxBodyBytes", options.maxBodyBytes, this.origin);
    }

    /** Where the website answers: `http://127.0.0.1:3000`. */
    get origin(): string {
        const scheme = this.secure ? "https" : "http";
        const defaultPort = this.secure ? 443 : 80;
        return `${scheme}://${this.hostname}${this.port === defaultPort ? "" : `:${this.port}`}`;
    }

    get cache(): CacheTier {
        const cache = this.options.cache;
        if (cache === undefined) return getInMemoryCache();
        // A shared tier namespaces entries by the declared origin: Redis may serve many apps, and
        // every worker of this one, whatever its PORT, shares them.
        return (this.cacheView ??= cache.forWebsite(this.declaredOrigin, this.origin));
    }

    get tls(): WebSiteOptions["tls"] {
        return this.options.tls;
    }

    /** The largest request body this website reads: see `WebSiteOptions.maxBodyBytes`. */
    get maxBodyBytes(): number {
        return this.options.maxBodyBytes ?? this.serverMaxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    }

    /** The address asked for by `WebSiteOptions.listen`, if any. */
    get listenAddress(): string | undefined {
        return this.options.listen;
    }

    /**
     * Adds a route for `method`: a path (`/user/:id`, `/assets/**`, `/user/:id(\d+)`) or several. Routes
     * may be added before or after the server starts. A regular expression in a path that could take
     * more than linear time on some URL (`(a+)+`, or two unbounded repetitions in one segment like
     * `:a(\d+):b(\d+)`) is refused here, as one request could otherwise block the server.
     *
     * @example site.on("GET", ["/", "/index.html"], req => req.htmlResponse("home"));
     * @see https://jopi-rewrite.dev/docs/getting-started#routes
     */
    on(method: (typeof METHODS)[number], path: string | string[], handler: Handler): this {
        if (typeof handler !== "function") {
            throw new TypeError(`jopi-rewrite: the handler of ${method} ${path} on ${this.origin} must be a function (req) => Response.`);
        }
        for (const one of Array.isArray(path) ? path : [path]) {
            if (!one.startsWith("/")) throw new TypeError(`jopi-rewrite: route paths start with "/": ${method} ${JSON.stringify(one)} on ${this.origin}.`);
            const id = `${method} ${one}`;
            if (this.declared.has(id)) throw new Error(`jopi-rewrite: ${id} is declared twice on ${this.origin}; keep one of the two.`);
            checkRoutePattern(method, one, this.origin);
            this.declared.add(id);
            addRoute(this.router, method, one, handler);
            if (PLAIN_PATH.test(one)) this.plainRoutes.set(method, (this.plainRoutes.get(method) ?? new Map()).set(one, handler));
        }
        return this;
    }

    onGET(path: string | string[], handler: Handler): this { return this.on("GET", path, handler); }
    onPOST(path: string | string[], handler: Handler): this { return this.on("POST", path, handler); }
    onPUT(path: string | string[], handler: Handler): this { return this.on("PUT", path, handler); }
    onPATCH(path: string | string[], handler: Handler): this { return this.on("PATCH", path, handler); }
    onDELETE(path: string | string[], handler: Handler): this { return this.on("DELETE", path, handler); }
    onHEAD(path: string | string[], handler: Handler): this { return this.on("HEAD", path, handler); }
    onOPTIONS(path: string | string[], handler: Handler): this { return this.on("OPTIONS", path, handler); }

    /**
     * Adds a WebSocket route: a path (with parameters, as for `onGET`) or several, and its handlers.
     * Under `bun --hot` the sockets stay open across reloads and each event runs the handler of the
     * current version; a route the new version no longer declares closes its sockets with 4404.
     *
     * @example site.onWebSocket("/chat/:room", {open(ws) { ws.subscribe(ws.data.params.room!); }, message(ws, text) { ws.publish(ws.data.params.room!, text); }});
     * @see https://jopi-rewrite.dev/docs/long-lived-connections#websockets
     */
    onWebSocket<Data extends object = Record<string, unknown>>(path: string | string[], route: WebSocketRoute<Data>): this {
        for (const one of Array.isArray(path) ? path : [path]) {
            if (!one.startsWith("/")) throw new TypeError(`jopi-rewrite: route paths start with "/": WebSocket ${JSON.stringify(one)} on ${this.origin}.`);
            checkRoutePattern("WebSocket", one, this.origin);
            (this.sockets ??= new SocketRoutes()).add(one, route, this.origin);
        }
        // A route declared once the port listens: Bun's cap on messages must let its messages in.
        raisePayloadLimit(this.port, route.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES);
        return this;
    }

    /**
     * Sends `message` to every WebSocket of this website subscribed to `topic` (never to another
     * website's, even on the same port), resumable sessions included, connected or away. Returns
     * the bytes sent (1 for each session that keeps it for its absent client), 0 when nobody listens.
     *
     * @example site.publish("news", JSON.stringify({title}));
     * @see https://jopi-rewrite.dev/docs/long-lived-connections#topics
     */
    publish(topic: string, message: SocketMessage): number {
        let sent = 0;
        for (const server of serversOn(this.port)) sent += server.publish(topicOf(this.hostname, topic), message);
        return sent + publishToSessions(this.port, this.hostname, topic, message);
    }

    /**
     * This website's WebSockets: those connected, and the resumable sessions waiting for their
     * client (a `send` to one of them is kept for the client). For a timer that sends to each client.
     *
     * @example setInterval(() => { for (const ws of site.webSockets()) ws.send(String(Date.now())); }, 1000);
     * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
     */
    webSockets(): JopiWebSocket[] {
        const open = openConnections(this.port).filter((one): one is JopiWebSocket => one instanceof JopiWebSocket && one.hostname === this.hostname);
        return [...open, ...detachedSockets(this.port, this.hostname)];
    }

    /**
     * Sends an event to every event stream of this website opened with `channel`, including the
     * streams opened by older versions of the code: after a reload they send the new version's events.
     * Returns how many streams it was sent to.
     *
     * @example NodeSpace.timer.newInterval(1000, () => { site.publishEvent("clock", {data: new Date().toISOString()}); });
     * @see https://jopi-rewrite.dev/docs/long-lived-connections#event-streams
     */
    publishEvent(channel: string, event: ServerEvent | string): number {
        return publishEvent(this, channel, event);
    }

    /**
     * The event streams of this website, open now, including the resumable ones whose client is
     * away (what they are sent is kept for when it comes back): for a timer that sends to each.
     *
     * @example for (const stream of site.eventStreams()) stream.send({data: {unread: unreadOf(stream.data.user)}});
     * @see https://jopi-rewrite.dev/docs/long-lived-connections#event-streams-that-resume
     */
    eventStreams(): EventStream[] {
        return eventStreamsOf(this);
    }

    /**
     * Answers a request addressed to this website, in-process: what the server calls, and what
     * tests call without opening a port. Never throws: a failing handler gives a 500.
     *
     * @example const res = await site.fetch(new Request("http://127.0.0.1:3000/"));
     * @see https://jopi-rewrite.dev/docs/getting-started#testing
     */
    fetch(request: Request): Response | Promise<Response> {
        return this.answer(request, request.url) as Response | Promise<Response>;
    }

    /**
     * `fetch` for a server that has already read `request.url` (Bun builds that string at each read),
     * and may know where its path starts. JopiServer's dispatch calls it; apps call `fetch`.
     * @internal
     */
    answer(request: Request, href: string, pathStart?: number, server?: Server<any>): Response | Promise<Response | undefined> | undefined {
        const path = pathOf(href, pathStart);
        // Only a path with a WebSocket route reads the Upgrade header: reading a request's headers
        // cost plain requests ~10% of their throughput when every request did it.
        if (this.sockets !== undefined) {
            const socket = this.sockets.match(path);
            if (socket !== undefined && wantsWebSocket(request)) return this.upgrade(request, href, path, server, socket);
        }
        const method = request.method;
        // The router finds a plain route first too: a hit here is the handler it would have found.
        const plain = this.plainRoutes.get(method)?.get(path);
        const match = plain === undefined ? findRoute(this.router, method, path) ?? (method === "HEAD" ? findRoute(this.router, "GET", path) : undefined) : undefined;
        if (plain === undefined && !match) return this.noRoute(method, path);
        // A handler that answers synchronously is answered synchronously: Bun.serve serves a plain
        // Response faster than a promise, and most routes don't await anything.
        try {
            const params = match?.params ? decodeParams(match.params) : NO_PARAMS;
            const result = (plain ?? match!.data)(new JopiRequest(request, href, params, this));
            if (result instanceof Promise) return result.then(checked).catch((error) => failed(request, error));
            return checked(result);
        } catch (error) {
            return failed(request, error);
        }
    }

    private upgrade(request: Request, href: string, path: string, server: Server<any> | undefined, match: NonNullable<ReturnType<SocketRoutes["match"]>>): Response | Promise<Response | undefined> {
        try {
            const params = match.params ? decodeParams(match.params) : {};
            return acceptSocket(this, match.data, request, href, path, params, server).catch((error) => failed(request, error));
        } catch (error) {
            return failed(request, error);
        }
    }

    private noRoute(method: string, path: string): Response {
        const allowed = METHODS.filter((other) => other !== method && findRoute(this.router, other, path));
        if (allowed.length === 0 && method === "GET" && this.sockets?.match(path)) {
            return textResponse(`This path takes WebSocket connections only.`, {status: 426, headers: {upgrade: "websocket", connection: "Upgrade"}});
        }
        if (allowed.length === 0) return error404Response();
        return textResponse(`Method ${method} is not allowed here.`, {status: 405, headers: {allow: allowed.join(", ")}});
    }
}
