import type {Server, ServerWebSocket} from "bun";
import type {LongLived} from "../long-lived.ts";
import {serversOn} from "../port-listeners.ts";
import type {SocketSession} from "./session.ts";
import {publishToSessions} from "./session-topics.ts";

/** What a socket carries from one event to the next, across reloads: its route parameters and what the app adds. */
/**
 * The name under which Bun knows a website's topic: Bun's topics are one namespace per port, and
 * each website gets its own.
 * @internal
 */
export function topicOf(hostname: string, name: string): string {
    return `${hostname} ${name}`;
}

/** What a socket sends: text, or bytes. */
export type SocketMessage = Parameters<ServerWebSocket["send"]>[0];

export type SocketData<Data extends object = Record<string, unknown>> = Data & {params: Record<string, string>};

// A close reason is at most 123 bytes (RFC 6455); a longer one makes Bun throw.
function shortReason(reason: string): string {
    const bytes = new TextEncoder().encode(reason);
    return bytes.length <= 123 ? reason : new TextDecoder().decode(bytes.slice(0, 120)).replace(/\uFFFD$/, "") + "...";
}

/**
 * One WebSocket connection, as the handlers of `website.onWebSocket` receive it. It outlives the
 * version of the code that accepted it: after a reload, its next event runs the new version's
 * handler with the same object and the same `data`. Topics belong to the website: `subscribe("chat")`
 * on one website never hears `publish("chat", ...)` of another website on the same port.
 *
 * @example site.onWebSocket("/chat", {message(ws, text) { ws.publish("chat", text); }});
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#websockets
 */
export class JopiWebSocket<Data extends object = Record<string, unknown>> implements LongLived {
    /** Per-socket state, kept across reloads: `params` of the route, and anything the handlers add. */
    readonly data: SocketData<Data>;
    /** The path the client connected to: `/chat/lobby`. */
    readonly path: string;
    /** `GET 127.0.0.1:3000/chat/lobby`: how logs name this socket. @internal */
    readonly where: string;
    /** The Bun socket, set when it opens. @internal */
    raw!: ServerWebSocket<JopiWebSocket<Data>>;
    /** The server that accepted it: a loopback port has one per address. @internal */
    server: Server<any> | undefined = undefined;
    /** The route's handlers found for the last event, and the version of the routes they were found in. @internal */
    route: unknown = undefined;
    /** @internal */
    routeVersion = -1;
    /** A WebSocket is no response in progress: Bun counts it apart. @internal */
    readonly isResponse = false;
    /** Its resumable session, when the route and the client opted in (see session.ts). @internal */
    session: SocketSession | undefined = undefined;
    /** True when this connection resumed a session: `data`, topics and missed messages came back. */
    recovered = false;

    /** @internal */
    constructor(
        readonly port: number,
        /** The website's host name; with the port, it finds the current version's website. @internal */
        readonly hostname: string,
        /** The route as declared: `/chat/:room`. */
        readonly pattern: string,
        path: string,
        params: Record<string, string>,
    ) {
        this.path = path;
        this.where = `GET ${hostname}:${port}${path}`;
        this.data = {params} as SocketData<Data>;
    }

    /** The id of its resumable session, if it has one. */
    get sessionId(): string | undefined {
        return this.session?.id;
    }

    /**
     * Sends a text or binary message. Returns bytes sent, -1 when queued (backpressure, or a session
     * whose client is away), 0 when dropped.
     */
    send(message: SocketMessage, compress?: boolean): number {
        if (this.session !== undefined) return this.session.send(message);
        return compress === undefined ? this.raw.send(message) : this.raw.send(message, compress);
    }

    /** Closes the connection with a code (1000 by default) and a reason the client sees; a session ends for good. */
    close(code?: number, reason?: string): void {
        const short = reason === undefined ? undefined : shortReason(reason);
        if (this.session !== undefined) return this.session.close(code ?? 1000, short ?? "");
        this.raw.close(code, short);
    }

    /** Receives what this website publishes on `topic`. */
    subscribe(topic: string): void {
        if (this.session !== undefined) return this.session.subscribe(topic);
        this.raw.subscribe(this.topic(topic));
    }

    unsubscribe(topic: string): void {
        if (this.session !== undefined) return this.session.unsubscribe(topic);
        this.raw.unsubscribe(this.topic(topic));
    }

    isSubscribed(topic: string): boolean {
        if (this.session !== undefined) return this.session.topics.has(topic);
        return this.raw.isSubscribed(this.topic(topic));
    }

    /** Sends `message` to every other socket of this website subscribed to `topic`. */
    publish(topic: string, message: SocketMessage, compress?: boolean): number {
        // A session socket is not subscribed natively: Bun's publish from any server of the port reaches all of its subscribers.
        const native = this.session === undefined ? this.raw : undefined;
        let sent = native ? native.publish(this.topic(topic), message, compress) : 0;
        // Bun's topics belong to one server: reach the sockets of the port's other address too.
        for (const server of serversOn(this.port)) if (!native || server !== this.server) sent += server.publish(this.topic(topic), message, compress);
        return sent + publishToSessions(this.port, this.hostname, topic, message, this.session);
    }

    get remoteAddress(): string {
        return this.raw?.remoteAddress ?? "";
    }

    /** 0 connecting, 1 open, 2 closing, 3 closed. A session is open (it takes messages) until it ends, its client connected or not. */
    get readyState(): number {
        if (this.session !== undefined) return this.session.ended ? 3 : 1;
        return this.raw.readyState;
    }

    private topic(name: string): string {
        return topicOf(this.hostname, name);
    }

    /** @internal */
    end(code: number, reason: string): void {
        // A socket ended by the server (a failed handler, a route gone, a shutdown) ends its session too.
        if (this.session !== undefined) this.session.ending = true;
        if (this.raw && this.raw.readyState <= 1) this.raw.close(code, shortReason(reason));
    }
}
