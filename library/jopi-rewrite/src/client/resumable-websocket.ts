/**
 * `ResumableWebSocket`: a WebSocket that comes back. When the server closes it for a restart
 * (1012), a shutdown (1001), overload (1013), or the connection is lost (1006), it connects again
 * after a random wait and offers its session; a server route with `resume` gives the session back
 * (`recovered` true) with every message the client missed, and delivers once what the client sent
 * meanwhile. Only web APIs here: it runs in a page as in Bun.
 * @module
 */
import {decodeFrame, encodeAck, type Frame, RESUME_PROTOCOL, resumeProtocolOf} from "../sessions/wire.ts";
import {reconnectDelay} from "./backoff.ts";
import {checkClose, webSocketUrl} from "./checks.ts";
import {Inbox} from "./inbox.ts";
import {type ResumableWebSocketOptions, type Settings, settingsOf, type WebSocketLike} from "./options.ts";
import {type ClientMessage, Outbox} from "./outbox.ts";
import {CLOSED, CLOSING, CONNECTING, OPEN, SocketEvents} from "./socket-events.ts";

const RECONNECT_CODES = new Set([1001, 1006, 1012, 1013]);
// The server sends its hello as the connection opens: this long without it, the route is not resumable.
const HELLO_TIMEOUT_MS = 10_000;
// A connection closed sooner than this after its hello counts as a failed attempt, so that a server
// which accepts and closes at once (overloaded: 1013) is not hammered without backoff. Not a restart's
// 1012 after the hello: the server was up and handed the session over; in a rolling restart a client
// may be moved twice within a second, and counting that pushed its wait towards the cap (10 s) while
// the next worker was ready.
const STABLE_MS = 1000;

/**
 * A WebSocket that resumes its server session across restarts and lost connections: the standard
 * interface, plus `recovered` and `sessionId`. `open` fires at each (re)connection, after the
 * server's hello; `close` fires once, when the app closes it, the server ends the session, or the
 * client gives up.
 *
 * @example
 * const ws = new ResumableWebSocket("wss://shop.example/chat/lobby");
 * ws.onopen = () => { if (!ws.recovered) ws.send("hello"); };
 * ws.onmessage = (event) => console.log(event.data);
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#the-client
 */
export class ResumableWebSocket extends SocketEvents<ResumableWebSocket> {
    /** The absolute `ws:` or `wss:` URL connected to. */
    readonly url: string;
    /** How binary messages arrive: `"blob"` (the default, as in a browser) or `"arraybuffer"`. */
    binaryType: "blob" | "arraybuffer" = "blob";
    /** True when the last connection resumed the session; false at a new session. */
    recovered = false;
    /** The server session's id, known from the first open. */
    sessionId: string | undefined = undefined;

    private state = CONNECTING;
    private raw: WebSocketLike | undefined;
    private attached = false;
    private failures = 0;
    private attachedAt = 0;
    private failure: string | undefined;
    private closing: {code: number; reason: string} | undefined;
    private timer: ReturnType<typeof setTimeout> | undefined;
    private readonly inbox = new Inbox((seq) => this.raw?.send(encodeAck(seq)));
    private readonly outbox: Outbox;
    private readonly settings: Settings;

    constructor(url: string | URL, options: ResumableWebSocketOptions = {}) {
        super();
        this.url = webSocketUrl(url);
        this.settings = settingsOf(options, this.url);
        this.outbox = new Outbox(this.settings.maxQueuedMessages, this.settings.maxQueuedBytes, this.url);
        this.connect();
    }

    get readyState(): number {
        return this.state;
    }

    /** The subprotocol of the connection: `jopi-resume.1` once open, "" while away. */
    get protocol(): string {
        return this.attached ? this.raw!.protocol : "";
    }

    get extensions(): string {
        return this.attached ? this.raw!.extensions : "";
    }

    /** The bytes sent and not yet acknowledged by the server, sent already or waiting for a connection. */
    get bufferedAmount(): number {
        return this.outbox.bytes;
    }

    /**
     * Sends text or bytes, now if connected, else at the next connection; the server delivers it
     * once. Throws when the send queue is full (`maxQueuedMessages`, `maxQueuedBytes`) or after `close`.
     */
    send(message: ClientMessage): void {
        if (this.state >= CLOSING) {
            throw new Error(`jopi-rewrite: send on the ResumableWebSocket to ${this.url} after it closed; a closed socket delivers nothing, open a new one.`);
        }
        const frame = this.outbox.add(message);
        if (this.attached) this.raw!.send(frame);
    }

    /** Closes for good: with 1000 (the default) the server ends the session and runs its `close`. */
    close(code?: number, reason = ""): void {
        checkClose(code, reason, this.url);
        if (this.state >= CLOSING) return;
        this.state = CLOSING;
        this.closing = {code: code ?? 1000, reason};
        if (this.raw) {
            this.raw.close(this.closing.code, reason);
        } else {
            clearTimeout(this.timer);
            setTimeout(() => this.finish(this.closing!.code, reason, true), 0);
        }
    }

    private connect(): void {
        this.timer = undefined;
        const offers = [RESUME_PROTOCOL, ...(this.sessionId === undefined ? [] : [resumeProtocolOf(this.sessionId, this.inbox.seen)]), ...this.settings.protocols];
        const raw = new this.settings.WebSocket(this.url, offers);
        raw.binaryType = "arraybuffer";
        this.raw = raw;
        let helloTimer: ReturnType<typeof setTimeout> | undefined;
        raw.addEventListener("open", () => {
            if (raw.protocol !== RESUME_PROTOCOL) this.fail(raw, `the server answered the subprotocol "${raw.protocol}"`);
            else helloTimer = setTimeout(() => this.fail(raw, `the server sent no hello within ${HELLO_TIMEOUT_MS / 1000} s`), HELLO_TIMEOUT_MS);
        });
        raw.addEventListener("message", (event) => {
            clearTimeout(helloTimer);
            if (raw === this.raw && this.failure === undefined) this.receive(raw, decodeFrame((event as MessageEvent).data));
        });
        raw.addEventListener("close", (event) => {
            clearTimeout(helloTimer);
            const {code, reason} = event as CloseEvent;
            if (raw === this.raw) this.lost(code, reason);
        });
    }

    private receive(raw: WebSocketLike, frame: Frame | undefined): void {
        if (!this.attached) return frame?.kind === "hello" ? this.hello(raw, frame) : this.fail(raw, "the server's first message was not the session hello");
        if (frame === undefined) return this.fail(raw, "it sent a frame that is not of the protocol", false);
        if (frame.kind === "ack") return this.outbox.acknowledge(frame.seq);
        if (frame.kind === "hello") return this.fail(raw, "it sent a second hello", false);
        const arrival = this.inbox.receive(frame.seq);
        if (arrival === "gap") return this.fail(raw, `it skipped from message ${this.inbox.seen} to ${frame.seq}`, false);
        if (arrival === "deliver") {
            const data = typeof frame.data === "string" || this.binaryType === "arraybuffer" ? asData(frame.data) : new Blob([frame.data as Uint8Array<ArrayBuffer>]);
            this.dispatchEvent(new MessageEvent("message", {data, origin: new URL(this.url).origin}));
        }
    }

    private hello(raw: WebSocketLike, hello: Extract<Frame, {kind: "hello"}>): void {
        // Closed by the app while connecting: the close under way ends it.
        if (this.state !== CONNECTING) return;
        this.recovered = hello.recovered && hello.session === this.sessionId;
        if (this.recovered) {
            this.outbox.acknowledge(hello.ack);
        } else {
            // A new session delivered nothing of ours: what the old one never acknowledged is sent to it, numbered from 1.
            this.inbox.newSession();
            this.outbox.renumber();
        }
        this.inbox.setWindow(hello.window);
        this.sessionId = hello.session;
        this.attached = true;
        this.attachedAt = Date.now();
        for (const frame of this.outbox.frames()) raw.send(frame);
        this.state = OPEN;
        this.dispatchEvent(new Event("open"));
    }

    // The connection is closed by the server or lost: come back, or end.
    private lost(code: number, reason: string): void {
        this.raw = undefined;
        this.failures = this.attached && (code === 1012 || Date.now() - this.attachedAt >= STABLE_MS) ? 0 : this.failures + 1;
        this.attached = false;
        this.inbox.disconnected();
        if (this.closing) return this.finish(code, reason, code !== 1006);
        if (this.failure !== undefined) return this.giveUp(1002, this.failure);
        if (!RECONNECT_CODES.has(code)) return this.finish(code, reason, true);
        if (this.failures >= this.settings.maxAttempts) {
            return this.giveUp(code, `jopi-rewrite: gave up reconnecting to ${this.url} after ${this.failures} connections in a row that failed or closed within ${STABLE_MS / 1000} s (maxAttempts); the last closed with ${code}${reason ? ` (${reason})` : ""}.`);
        }
        this.state = CONNECTING;
        this.timer = setTimeout(() => this.connect(), reconnectDelay(this.failures, this.settings.backoff));
    }

    // Not a session server, or a broken one: closing as the app would (1000), and never again.
    private fail(raw: WebSocketLike, what: string, plainRoute = true): void {
        if (this.failure !== undefined || raw !== this.raw) return;
        this.failure = plainRoute
            ? `jopi-rewrite: ${this.url} is not a resumable WebSocket route: ${what}. Give the route \`resume\` in site.onWebSocket, or connect with a plain WebSocket.`
            : `jopi-rewrite: the server of ${this.url} broke the session protocol: ${what}. Are the server's and the client's jopi-rewrite the same version?`;
        raw.close(1000);
    }

    private giveUp(code: number, reason: string): void {
        this.dispatchEvent(typeof ErrorEvent === "function" ? new ErrorEvent("error", {message: reason}) : new Event("error"));
        this.finish(code, reason, false);
    }

    private finish(code: number, reason: string, wasClean: boolean): void {
        if (this.state === CLOSED) return;
        clearTimeout(this.timer);
        this.state = CLOSED;
        this.dispatchEvent(new CloseEvent("close", {code, reason, wasClean}));
    }
}

function asData(data: string | Uint8Array): string | ArrayBuffer {
    return typeof data === "string" ? data : (data.slice().buffer as ArrayBuffer);
}
