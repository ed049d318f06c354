import type {Server} from "bun";
import {hostnameOf, pathStartOf} from "./href.ts";
import {checkLimit, DEFAULT_MAX_MESSAGE_BYTES, isLoopback, portBodyCap} from "./limits.ts";
import {close, type Dispatch, listen} from "./port-listeners.ts";
import {textResponse} from "./replies.ts";
import type {WebSite} from "./website.ts";
import {claimSockets} from "./websocket/routes.ts";

// The names that always mean this machine. Only these: other 127.x.y.z addresses and *.localhost
// names are how one machine tells several local websites apart, so they keep their strict match.
const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "[::1]"]);
// A URL whose authority is a host (a name of RFC 3986 characters or a bracketed IPv6 address) and
// an optional port. Bun builds request.url from the Host header, and leaves it relative ("/path")
// when that header is missing, empty or not a host.
const WITH_VALID_HOST = /^https?:\/\/(?:[\w.~!$&'()*+,;=%-]+|\[[\da-f:.]+\])(?::\d*)?(?:[/?#]|$)/i;

function badHost(request: Request, href: string): Response {
    const host = request.headers.get("host");
    const path = href.startsWith("/") ? href : href.slice(Math.max(pathStartOf(href), 0));
    const what = host === null ? "has no Host header" : `has the Host header ${JSON.stringify(host.slice(0, 100))}, which is not a host name with an optional port`;
    return textResponse(`jopi-rewrite: Bad Request: ${request.method} ${path.slice(0, 200)} ${what}. Send Host: name or Host: name:port, as HTTP/1.1 requires (RFC 9112, 3.2).`, {status: 400});
}

/** Options for every website of a server. */
export interface JopiServerOptions {
    /** The default `maxBodyBytes` of its websites (see `WebSiteOptions.maxBodyBytes`). Default 1 MiB (1_048_576). */
    maxBodyBytes?: number;
}

/**
 * Where a port listens: what its websites' `listen` option says, else loopback only (127.0.0.1 and
 * ::1) when every website has a loopback name, else every interface. Websites that disagree are
 * an error, said at start.
 */
function addressesOf(port: number, sites: WebSite[]): (string | undefined)[] {
    const asked = new Set(sites.map((site) => site.listenAddress));
    if (asked.size > 1) {
        const each = sites.map((site) => `${site.origin} listen: ${site.listenAddress === undefined ? "(not set)" : JSON.stringify(site.listenAddress)}`).join(", ");
        throw new Error(`jopi-rewrite: the websites of port ${port} ask to listen on different addresses (${each}); give them the same listen option.`);
    }
    const [address] = asked;
    if (address !== undefined) return [address];
    return sites.every((site) => isLoopback(site.hostname)) ? ["127.0.0.1", "::1"] : [undefined];
}

/**
 * A server for one or more websites. Websites on the same port share one listening socket and are
 * told apart by the request's Host header; `localhost`, `127.0.0.1` and `[::1]` reach the port's one
 * website declared with one of these names. Under `bun --hot`, each new version of the code that calls
 * `startServer()` takes over the sockets of the previous one without closing them.
 *
 * @example
 * const server = new JopiServer();
 * const site = server.addWebsite(new WebSite("http://127.0.0.1:3000"));
 * server.startServer();
 * @see https://jopi-rewrite.dev/docs/getting-started
 */
export class JopiServer {
    private readonly sites = new Map<number, Map<string, WebSite>>();
    private started = false;

    /**
     * @param options What every website of the server gets unless it says otherwise: `maxBodyBytes`.
     * @example const server = new JopiServer({maxBodyBytes: 10 * 1024 * 1024});
     * @see https://jopi-rewrite.dev/docs/getting-started#requests
     */
    constructor(private readonly options: JopiServerOptions = {}) {
        checkLimit("maxBodyBytes", options.maxBodyBytes, "the server");
    }

    /** Adds a website and returns it. Two websites may not claim the same host and port. */
    addWebsite<T extends WebSite>(site: T): T {
        const onPort = this.sites.get(site.port) ?? new Map<string, WebSite>();
        if (onPort.has(site.hostname)) {
            throw new Error(`jopi-rewrite: two websites claim ${site.origin}; give each its own host name or port.`);
        }
        site.serverMaxBodyBytes = this.options.maxBodyBytes;
        onPort.set(site.hostname, site);
        this.sites.set(site.port, onPort);
        if (this.started) this.listenOn(site.port);
        return site;
    }

    get websites(): WebSite[] {
        return [...this.sites.values()].flatMap((onPort) => [...onPort.values()]);
    }

    /**
     * Starts listening (or, after a hot reload, points the existing sockets at this version's websites)
     * and prints where each website answers.
     */
    startServer(): void {
        this.started = true;
        for (const port of this.sites.keys()) this.listenOn(port);
    }

    /** Stops accepting connections; resolves once the requests in flight have finished. */
    async stopServer(): Promise<void> {
        this.started = false;
        await Promise.all([...this.sites.keys()].map(close));
    }

    /**
     * Answers a request in-process, as the sockets would: the website is chosen by the request's
     * host name and the port of its URL. For tests, no port needed.
     *
     * @example const res = await server.fetch(new Request("http://127.0.0.1:3000/"));
     */
    fetch(request: Request): Promise<Response> | Response {
        const url = new URL(request.url);
        const port = Number(url.port || (url.protocol === "https:" ? 443 : 80));
        return this.dispatch(port, request) as Promise<Response> | Response;
    }

    // The slow path: a request whose URL does not start with one of the port's origins. Its Host is
    // checked here, and only here: the usual request's URL starts with an origin built from a valid
    // host name, which no missing or invalid Host header can give.
    private dispatch(port: number, request: Request, href = request.url, server?: Server<any>): ReturnType<Dispatch> {
        if (!WITH_VALID_HOST.test(href)) return badHost(request, href);
        const hostname = hostnameOf(href);
        const site = this.sites.get(port)?.get(hostname);
        if (site) return site.answer(request, href, undefined, server);
        return this.answerUnclaimed(port, request, href, hostname, server);
    }

    /**
     * No website claims the host. A loopback name (`localhost`, `127.0.0.1`, `[::1]`) means this
     * machine whichever one is typed, so it gets the port's one loopback website, if there is exactly
     * one. Any other name gets a 404, however close to a loopback one it looks: `localhost.evil.com`
     * or a DNS-rebound name is a real host name, and the 404 is what keeps hosts apart. This adds no
     * exposure: a client could already send the loopback website's own host name. Runs only here,
     * after a miss, so the usual request pays nothing for it.
     */
    private answerUnclaimed(port: number, request: Request, href: string, hostname: string, server?: Server<any>): ReturnType<Dispatch> {
        let message = `Not Found: no website for host ${JSON.stringify(hostname)} on port ${port}.`;
        if (LOOPBACK_NAMES.has(hostname)) {
            const local = [...(this.sites.get(port)?.values() ?? [])].filter((site) => LOOPBACK_NAMES.has(site.hostname));
            if (local.length === 1) return local[0]!.answer(request, href, undefined, server);
            if (local.length > 1) message += ` ${local.length} websites on this port answer for this machine: ${local.map((site) => site.origin).join(", ")}. Use one of their host names.`;
        }
        return textResponse(message, {status: 404});
    }

    /**
     * The port's dispatch, specialised for its websites: a request whose URL starts with a website's
     * own origin (the usual case) skips host parsing and the host table. Everything else, such as a
     * Host header without the port or in capitals, takes the general path.
     */
    private dispatcherFor(port: number): Dispatch {
        const origins = [...this.sites.get(port)!.values()].map((site) => ({site, prefix: `${site.origin}/`, pathStart: site.origin.length}));
        return (request, server) => {
            const href = request.url;
            for (const {site, prefix, pathStart} of origins) if (href.startsWith(prefix)) return site.answer(request, href, pathStart, server);
            return this.dispatch(port, request, href, server);
        };
    }

    private listenOn(port: number): void {
        const sites = [...this.sites.get(port)!.values()];
        const origins = sites.map((site) => site.origin).join(", ");
        const addresses = addressesOf(port, sites);
        const created = listen({
            port, addresses, fetch: this.dispatcherFor(port), tls: sites.find((site) => site.tls)?.tls,
            maxRequestBodySize: portBodyCap(Math.max(...sites.map((site) => site.maxBodyBytes))),
            maxPayloadLength: Math.max(...sites.map((site) => site.sockets?.largestMessage() ?? 0)) || DEFAULT_MAX_MESSAGE_BYTES,
        }, origins);
        claimSockets(port, this.sites.get(port)!);
        for (const site of sites) console.log(`Website ${created ? "started" : "reloaded"}: ${site.origin}`);
    }
}
