/**
 * A resumable WebSocket session: what outlives one connection of a client that opted in (the
 * route's `resume` and the client's `jopi-resume.1`). Each message it sends is numbered and kept
 * until the client acknowledges it; a lost connection leaves it detached, queueing, for `keepFor`;
 * the client's next connection (here, or to another worker, which claims it) gets a hello, every
 * message it missed, in order, then the live ones. The app's `close` runs once, when it ends for good.
 *
 * @example site.onWebSocket("/chat", {resume: {keepFor: "2m"}, open(ws) { if (!ws.recovered) ws.subscribe("chat"); }});
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
 * @module
 */
import type {ServerWebSocket} from "bun";
import {closed} from "../long-lived.ts";
import type {ResumeLimits} from "../sessions/limits.ts";
import {Outbox} from "../sessions/outbox.ts";
import type {SessionRecord} from "../sessions/record.ts";
import {dropSession, holdSession, type Resumable, type SessionPlace} from "../sessions/registry.ts";
import {encodeAck, encodeHello, encodeMessage} from "../sessions/wire.ts";
import {notWaiting, waiting} from "./detached.ts";
import {joinTopic, leaveTopic} from "./session-topics.ts";
import type {JopiWebSocket, SocketMessage} from "./socket.ts";
import {runClose} from "./events.ts";

// Acknowledge the client's messages at most this often, or at once past this many.
const ACK_DELAY_MS = 100;
const ACK_EVERY = 64;

/**
 * One session of a WebSocket route: made by the upgrade of a client that asked for one, or revived
 * from a record another worker handed over. @internal
 * @example new SocketSession(newSessionId(), ws, limits);
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
 */
export class SocketSession implements Resumable {
    readonly kind = "websocket" as const;
    readonly topics = new Set<string>();
    nextSeq = 1;
    /** The last client message delivered to the app. */
    received = 0;
    /** Set when the server or the app ends the connection: its close ends the session for good. */
    ending = false;
    ended = false;
    /** Whether its client is connected now. */
    attached = false;
    /** What the next `open` of its socket tells the client. */
    pending = {recovered: false, seen: 0};
    private unacked = 0;
    private ackTimer: Timer | undefined = undefined;
    private expiry: Timer | undefined = undefined;
    private expiresAt = 0;

    constructor(readonly id: string, readonly ws: JopiWebSocket<any>, readonly limits: ResumeLimits, readonly outbox = new Outbox(limits)) {
        ws.session = this;
        holdSession(this);
    }

    /** A connection of its client has opened: hello, the messages it missed, then live. */
    attach(raw: ServerWebSocket<any>): void {
        const previous = this.ws.raw;
        this.ws.raw = raw;
        // A client back before its old connection was seen lost: that one is closed, quietly.
        if (previous && previous !== raw && previous.readyState <= 1) previous.close(1012, "resumed elsewhere");
        this.stopExpiry();
        this.attached = true;
        const {recovered, seen} = this.pending;
        this.ws.recovered = recovered;
        raw.send(encodeHello(this.id, recovered, this.received, this.limits.maxOutboxMessages));
        this.outbox.ackUpTo(seen);
        for (const {seq, data} of this.outbox.after(seen)) raw.send(encodeMessage(seq, data));
    }

    /** Numbers `message` and keeps it until acknowledged; sends it if the client is connected. */
    send(message: SocketMessage): number {
        if (this.ended) return 0;
        const data = typeof message === "string" ? message : copyOf(message);
        const seq = this.nextSeq++;
        if (!this.outbox.push(seq, data)) {
            this.close(1013, `jopi-rewrite: more than the session's outbox limits unacknowledged`);
            return 0;
        }
        // Kept either way: a connection that is closing (Bun drops the frame) is a client away.
        return this.attached ? this.ws.raw.send(encodeMessage(seq, data)) || -1 : -1;
    }

    /** The client's message `seq`: true to deliver it (the next one), false for a repeat, undefined for a gap. */
    accept(seq: number): boolean | undefined {
        // Handed over, its connection closing: the client sends it again to the session's next place.
        if (this.ended || seq <= this.received) return false;
        if (seq !== this.received + 1) return undefined;
        this.received = seq;
        if (++this.unacked >= ACK_EVERY) this.flushAck();
        else if (this.ackTimer === undefined) {
            this.ackTimer = setTimeout(() => this.flushAck(), ACK_DELAY_MS);
            this.ackTimer.unref();
        }
        return true;
    }

    private flushAck(): void {
        clearTimeout(this.ackTimer);
        this.ackTimer = undefined;
        this.unacked = 0;
        if (this.attached) this.ws.raw.send(encodeAck(this.received));
    }

    /** Ends the session for good: the app's close runs at its connection's close, or now if detached. */
    close(code: number, reason: string): void {
        if (this.ended) return;
        this.ending = true;
        if (this.attached) return this.ws.raw.close(code, reason);
        this.finish();
        runClose(this.ws, code, reason);
    }

    /**
     * Its connection `raw` closed: true when the session ends for good (the app's close must run),
     * false when it is kept for its client (detached), or the connection was an old one.
     */
    connectionClosed(raw: ServerWebSocket<any>, code: number): boolean {
        if (this.ended || raw !== this.ws.raw) return false;
        if (this.ending || code === 1000) {
            this.finish();
            return true;
        }
        this.detach(Date.now() + this.limits.keepForMs);
        return false;
    }

    /** Keeps the session for its client until `expiresAt`. @internal */
    detach(expiresAt: number): void {
        this.flushAck();
        this.attached = false;
        this.expiresAt = expiresAt;
        this.expiry = setTimeout(() => this.close(1001, "jopi-rewrite: the client did not come back in time"), Math.max(0, expiresAt - Date.now()));
        this.expiry.unref();
        waiting(this);
    }

    private stopExpiry(): void {
        clearTimeout(this.expiry);
        this.expiry = undefined;
        notWaiting(this);
    }

    /** Forgets everything it holds; its socket object stays what the app sees, closed. */
    finish(): void {
        this.ended = true;
        this.attached = false;
        this.stopExpiry();
        clearTimeout(this.ackTimer);
        for (const topic of this.topics) leaveTopic(this.ws.port, this.ws.hostname, topic, this);
        dropSession(this.id);
    }

    subscribe(topic: string): void {
        if (this.ended || this.topics.has(topic)) return;
        this.topics.add(topic);
        joinTopic(this.ws.port, this.ws.hostname, topic, this);
    }

    unsubscribe(topic: string): void {
        if (this.topics.delete(topic)) leaveTopic(this.ws.port, this.ws.hostname, topic, this);
    }

    toPlace(): SessionPlace {
        const {hostname, port, pattern, path} = this.ws;
        return {kind: "websocket", hostname, port, pattern, path};
    }

    toRecord(): SessionRecord {
        const {params, ...data} = this.ws.data;
        return {
            ...this.toPlace(), id: this.id, params,
            data: JSON.parse(JSON.stringify(data)),
            topics: [...this.topics], outbox: this.outbox.toEntries(), nextSeq: this.nextSeq, received: this.received,
            expiresAt: this.attached ? Date.now() + this.limits.keepForMs : this.expiresAt,
        };
    }

    handOver(written?: Promise<unknown>): void {
        const {attached, ws} = this;
        const raw = ws.raw;
        this.finish();
        const close = () => attached && raw.readyState <= 1 && raw.close(1012, "Service Restart");
        if (!written) return void close();
        // Closed by the store's answer, not by the shutdown's end of every connection, which would come first.
        closed(ws);
        void written.finally(close);
    }
}

function copyOf(message: Exclude<SocketMessage, string>): Uint8Array {
    // A Blob's bytes can only be read later: its place in the numbered order would be unknown.
    if (message instanceof Blob) throw new TypeError("jopi-rewrite: a session socket sends text or bytes (an ArrayBuffer or a typed array), not a Blob; send await blob.bytes().");
    const view = message instanceof ArrayBuffer || message instanceof SharedArrayBuffer ? new Uint8Array(message) : new Uint8Array(message.buffer, message.byteOffset, message.byteLength);
    return view.slice();
}
