import type {Server, ServerWebSocket} from "bun";
import type {LongLived} from "../long-lived.ts";
import {serversOn} from "../port-listeners.ts";

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

    /** Sends a text or binary message. Returns bytes sent, -1 when queued (backpressure), 0 when dropped. */
    send(message: SocketMessage, compress?: boolean): number {
        return compress === undefined ? this.raw.send(message) : this.raw.send(message, compress);
    }

    /** Closes the connection with a code (1000 by default) and a reason the client sees. */
    close(code?: number, reason?: string): void {
        this.raw.close(code, reason === undefined ? undefined : shortReason(reason));
    }

    /** Receives what this website publishes on `topic`. */
    subscribe(topic: string): void {
        this.raw.subscribe(this.topic(topic));
    }

    unsubscribe(topic: string): void {
        this.raw.unsubscribe(this.topic(topic));
    }

    isSubscribed(topic: string): boolean {
        return this.raw.isSubscribed(this.topic(topic));
    }

    /** Sends `message` to every other socket of this website subscribed to `topic`. */
    publish(topic: string, message: SocketMessage, compress?: boolean): number {
        let sent = this.raw.publish(this.topic(topic), message, compress);
        // Bun's topics belong to one server: reach the sockets of the port's other address too.
        for (const server of serversOn(this.port)) if (server !== this.server) sent += server.publish(this.topic(topic), message, compress);
        return sent;
    }

    get remoteAddress(): string {
        return this.raw.remoteAddress;
    }

    /** 0 connecting, 1 open, 2 closing, 3 closed. */
    get readyState(): number {
        return this.raw.readyState;
    }

    private topic(name: string): string {
        return topicOf(this.hostname, name);
    }

    /** @internal */
    end(code: number, reason: string): void {
        if (this.raw && this.raw.readyState <= 1) this.close(code, reason);
    }
}
