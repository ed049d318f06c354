/**
 * The in-page port table: what `Bun.serve` is to jopi-rewrite when the program runs in a browser
 * tab (a Worker, for the docs' "Run in the browser"). There is no socket: a port is a key of this
 * table, and a request reaches the program through `fetchPort`, which hands it to whatever
 * `fetch` the port's server holds now. So a reload that calls `server.reload(...)` swaps the code
 * for the next request while a request already inside a handler finishes with the old one, as
 * with `bun --hot`.
 * @module
 */
import {InPageSocket, publishTo, type SocketHandlers, type SocketPeer, type SocketServer} from "./in-page-socket.ts";

/**
 * The options jopi-rewrite passes to `Bun.serve`; the others (tls, development) mean nothing here,
 * nor do the limits (`maxRequestBodySize`, `websocket.maxPayloadLength`): there is no socket to
 * buffer for, and the library's own checks still run.
 */
export interface ServeOptions {
    port: number;
    /** The address to listen on. The page has one: a second address of a taken port gets no requests. */
    hostname?: string;
    maxRequestBodySize?: number;
    /** Answers, or upgrades the request with `server.upgrade` and answers nothing. */
    fetch: (request: Request, server: InPageServer) => Response | undefined | Promise<Response | undefined>;
    error?: (error: Error) => Response | Promise<Response>;
    websocket?: SocketHandlers;
}

/** A server of the table: the part of Bun's `Server` that jopi-rewrite uses. */
export interface InPageServer {
    readonly port: number;
    readonly pendingRequests: number;
    reload(options: ServeOptions): void;
    stop(closeActiveConnections?: boolean): Promise<void>;
    /** Accepts a WebSocket asked for by `request` (see connectPort); false for any other request. */
    upgrade(request: Request, options?: {data?: unknown}): boolean;
    /** Sends to every socket subscribed to `topic`; returns the bytes sent. */
    publish(topic: string, message: string | ArrayBufferView | ArrayBuffer): number;
}

const servers = new Map<number, Server>();
/** The WebSocket requests under way, and the `data` their upgrade gave. */
const upgrades = new WeakMap<Request, {accepted: boolean; data: unknown}>();

class Server implements InPageServer, SocketServer {
    pendingRequests = 0;
    readonly topics = new Map<string, Set<InPageSocket>>();
    private drained: (() => void)[] = [];

    constructor(private options: ServeOptions) {}

    get port(): number {
        return this.options.port;
    }

    get hostname(): string | undefined {
        return this.options.hostname;
    }

    get handlers(): SocketHandlers | undefined {
        return this.options.websocket;
    }

    upgrade(request: Request, options: {data?: unknown} = {}): boolean {
        const asked = upgrades.get(request);
        // As Bun's: only a request that asks for a WebSocket is upgraded.
        if (!asked || asked.accepted || request.headers.get("upgrade")?.toLowerCase() !== "websocket") return false;
        asked.accepted = true;
        asked.data = options.data;
        return true;
    }

    publish(topic: string, message: string | ArrayBufferView | ArrayBuffer): number {
        return publishTo(this.topics.get(topic), message);
    }

    reload(options: ServeOptions): void {
        this.options = {...options, port: this.options.port, hostname: this.options.hostname};
    }

    stop(): Promise<void> {
        if (servers.get(this.port) === this) servers.delete(this.port);
        if (this.pendingRequests === 0) return Promise.resolve();
        return new Promise((resolve) => this.drained.push(resolve));
    }

    async answer(request: Request): Promise<Response | undefined> {
        const {fetch, error} = this.options;
        this.pendingRequests++;
        try {
            return await fetch(request, this);
        } catch (caught) {
            if (error) return await error(caught as Error);
            return new Response("Internal Server Error", {status: 500});
        } finally {
            if (--this.pendingRequests === 0) for (const resolve of this.drained.splice(0)) resolve();
        }
    }
}

/**
 * `Bun.serve` for the page: claims the port in the table, or fails as Bun does when it is taken.
 *
 * @example const server = serve({port: 3000, fetch: () => new Response("hi")});
 * @see https://jopi-rewrite.dev/docs/getting-started
 */
export function serve(options: ServeOptions): InPageServer {
    const taken = servers.get(options.port);
    // A loopback port listens on 127.0.0.1 and on ::1; in the page both are the one table entry.
    if (taken && options.hostname !== undefined && taken.hostname !== undefined && taken.hostname !== options.hostname) return new Server(options);
    if (taken) {
        throw Object.assign(new Error(`Failed to start server. Is port ${options.port} in use?`), {code: "EADDRINUSE"});
    }
    const server = new Server(options);
    servers.set(options.port, server);
    return server;
}

/**
 * Why a request found no one listening: what a browser reports for a closed port.
 *
 * @example fetchPort(9, request).catch((error) => error instanceof ConnectionRefused);
 * @see https://jopi-rewrite.dev/docs/getting-started
 */
export class ConnectionRefused extends Error {
    override name = "ConnectionRefused";
}

/**
 * Sends a request to the server listening on `port` of this page, as a socket would.
 *
 * @example const res = await fetchPort(3000, new Request("http://127.0.0.1:3000/"));
 * @see https://jopi-rewrite.dev/docs/getting-started
 */
export async function fetchPort(port: number, request: Request): Promise<Response> {
    const server = servers.get(port);
    if (!server) throw new ConnectionRefused(`jopi-rewrite: nothing listens on port ${port} of this page; start a server on it first.`);
    return (await server.answer(request)) ?? new Response("jopi-rewrite: the server answered nothing", {status: 500});
}

/**
 * Opens a WebSocket to the server on `port`, as a browser's `new WebSocket(url)` would: the
 * request goes through the server's `fetch`, which accepts it with `server.upgrade` (then the
 * `open` handler runs, after `peer.opened()`) or answers a refusal, returned as is. `peer` gets
 * what the server sends.
 *
 * @example const ws = await connectPort(3000, new Request("http://127.0.0.1:3000/chat", {headers: {upgrade: "websocket"}}), peer);
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#websockets
 */
export async function connectPort(port: number, request: Request, peer: SocketPeer): Promise<InPageSocket | Response> {
    const server = servers.get(port);
    if (!server) throw new ConnectionRefused(`jopi-rewrite: nothing listens on port ${port} of this page; start a server on it first.`);
    const asked = {accepted: false, data: undefined as unknown};
    upgrades.set(request, asked);
    const response = await server.answer(request);
    if (!asked.accepted) return response ?? new Response("the server neither answered nor accepted the WebSocket", {status: 500});
    const ws = new InPageSocket(server, asked.data, peer);
    peer.opened();
    void server.handlers?.open?.(ws);
    return ws;
}

/**
 * The ports someone listens on, in the order they were opened.
 *
 * @example listeningPorts(); // [3000]
 * @see https://jopi-rewrite.dev/docs/getting-started
 */
export function listeningPorts(): number[] {
    return [...servers.keys()];
}
