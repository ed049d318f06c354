/**
 * A WebSocket of the in-page port table, seen from the server: the part of Bun's
 * `ServerWebSocket` that jopi-rewrite uses (send, close, topics, `data`). Its other end is a
 * `SocketPeer`, which the page's host (the program's Worker) turns into messages for the reader's
 * side, so a socket opened before a reload stays the same object, with the same `data`, after it.
 * @module
 */

/** Bun's `websocket` option of `Bun.serve`: the handlers a socket's events run. */
export interface SocketHandlers {
    open?(ws: InPageSocket): unknown;
    message?(ws: InPageSocket, message: string): unknown;
    close?(ws: InPageSocket, code: number, reason: string): unknown;
    drain?(ws: InPageSocket): unknown;
}

/** The client's end, as the host delivers to it: the open, what the server sends, and the close. */
export interface SocketPeer {
    opened(): void;
    message(data: string): void;
    closed(code: number, reason: string): void;
}

/** What a socket needs of its server: the handlers of now (they change at each reload) and the topics. */
export interface SocketServer {
    readonly handlers: SocketHandlers | undefined;
    readonly topics: Map<string, Set<InPageSocket>>;
}

const OPEN = 1;
const CLOSED = 3;

function text(message: string | ArrayBufferView | ArrayBuffer): string {
    return typeof message === "string" ? message : new TextDecoder().decode(message);
}

/**
 * One accepted WebSocket: `ws.raw` of a JopiWebSocket in the page.
 *
 * @example const ws = new InPageSocket(server, {room: "lobby"}, peer); ws.send("hi");
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#websockets
 */
export class InPageSocket {
    readyState = OPEN;
    readonly remoteAddress = "127.0.0.1";

    constructor(private readonly server: SocketServer, readonly data: unknown, private readonly peer: SocketPeer) {}

    /** Returns the bytes sent, or 0 once closed, as Bun's does. */
    send(message: string | ArrayBufferView | ArrayBuffer): number {
        if (this.readyState !== OPEN) return 0;
        const data = text(message);
        this.peer.message(data);
        // 0 would mean dropped: an empty message was sent all the same.
        return data.length || 1;
    }

    /** Closes from the server's side: the client sees `code` and `reason`, then the close handler runs. */
    close(code = 1000, reason = ""): void {
        this.end(code, reason);
    }

    subscribe(topic: string): void {
        const subscribers = this.server.topics.get(topic);
        if (subscribers) subscribers.add(this);
        else this.server.topics.set(topic, new Set([this]));
    }

    unsubscribe(topic: string): void {
        this.server.topics.get(topic)?.delete(this);
    }

    isSubscribed(topic: string): boolean {
        return this.server.topics.get(topic)?.has(this) ?? false;
    }

    /** Sends to the other subscribers of `topic`, as Bun's `ws.publish` does (not to this socket). */
    publish(topic: string, message: string | ArrayBufferView | ArrayBuffer): number {
        return publishTo(this.server.topics.get(topic), message, this);
    }

    /** A message from the client: the current version's message handler gets it. @internal */
    received(message: string): void {
        if (this.readyState === OPEN) void this.server.handlers?.message?.(this, message);
    }

    /** The client closed, or the server did: the close handler runs once. @internal */
    end(code: number, reason: string): void {
        if (this.readyState === CLOSED) return;
        this.readyState = CLOSED;
        for (const subscribers of this.server.topics.values()) subscribers.delete(this);
        this.peer.closed(code, reason);
        void this.server.handlers?.close?.(this, code, reason);
    }
}

/**
 * Sends `message` to each open subscriber but `except`; returns the bytes sent, 0 when none.
 *
 * @example publishTo(server.topics.get("chat"), "hello");
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#websockets
 */
export function publishTo(subscribers: Set<InPageSocket> | undefined, message: string | ArrayBufferView | ArrayBuffer, except?: InPageSocket): number {
    let sent = 0;
    for (const ws of subscribers ?? []) if (ws !== except) sent += ws.send(message);
    return sent;
}
