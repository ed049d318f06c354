/**
 * A test client speaking the session wire protocol (sessions/wire.ts) with Bun's WebSocket: one
 * session across connections, reconnected by hand or on its own (1012, 1001, 1006), counting what
 * the server delivered: gaps (lost), repeats and messages out of order are kept for the asserts.
 */
import {decodeFrame, encodeAck, encodeMessage, RESUME_PROTOCOL, resumeProtocolOf} from "../src/sessions/wire.ts";

export interface Hello {
    session: string;
    recovered: boolean;
    ack: number;
}

const RECONNECT_CODES = new Set([1001, 1006, 1012, 1013]);
// Clients that reconnect on their own, until closed. A test that fails before its close would
// leave one trying again every few ms for the rest of the run, with whatever WebSocket a later
// test file puts on globalThis: closeReconnectingClients() in an afterEach ends them.
const reconnecting = new Set<SessionClient>();

/**
 * Closes every client made with `reconnect` that is still open.
 * @example afterEach(closeReconnectingClients);
 */
export function closeReconnectingClients(): void {
    for (const client of reconnecting) client.close();
}

export class SessionClient {
    /** Every message delivered (once, in order), and every hello received. */
    readonly messages: string[] = [];
    readonly hellos: Hello[] = [];
    /** Numbered messages that came with a seq already seen (dropped), or past a gap. */
    repeats = 0;
    gaps = 0;
    closes: {code: number; reason: string}[] = [];
    socket!: WebSocket;
    /** The server's protocol answer of the last connection ("" for a plain socket). */
    protocol = "";
    private seen = 0;
    private sentSeq = 0;
    private unsent: {seq: number; text: string}[] = [];
    private helloWaiter: ((hello: Hello) => void) | undefined = undefined;
    private reconnecting: Timer | undefined = undefined;
    private stopped = false;

    constructor(readonly url: string, private readonly reconnect = false) {
        if (reconnect) reconnecting.add(this);
    }

    get session(): string | undefined {
        return this.hellos.at(-1)?.session;
    }

    /** Opens a connection, resuming the session if it has one; resolves at its hello. */
    connect(offer = this.session === undefined ? [RESUME_PROTOCOL] : [RESUME_PROTOCOL, resumeProtocolOf(this.session, this.seen)]): Promise<Hello> {
        clearTimeout(this.reconnecting);
        const hello = new Promise<Hello>((resolve, reject) => {
            this.helloWaiter = resolve;
            setTimeout(() => reject(new Error(`no hello from ${this.url} within 5 s`)), 5000).unref();
        });
        const socket = (this.socket = new WebSocket(this.url, offer));
        socket.binaryType = "arraybuffer";
        socket.addEventListener("open", () => (this.protocol = socket.protocol));
        // Only the latest connection speaks for the session: an older one still closing is ignored.
        socket.addEventListener("message", (event) => socket === this.socket && this.onFrame(event.data));
        socket.addEventListener("close", (event) => {
            if (socket !== this.socket) return;
            this.closes.push({code: event.code, reason: event.reason});
            if (this.reconnect && !this.stopped && RECONNECT_CODES.has(event.code)) this.reconnecting = setTimeout(() => void this.connect().catch(() => {}), Math.random() * 50);
        });
        return hello;
    }

    /** Sends `text` numbered; kept until the server's hello says it was delivered. */
    send(text: string): void {
        const seq = ++this.sentSeq;
        this.unsent.push({seq, text});
        if (this.socket.readyState === WebSocket.OPEN) this.socket.send(encodeMessage(seq, text));
    }

    /** Sends a raw frame, outside the protocol. */
    sendRaw(frame: string): void {
        this.socket.send(frame);
    }

    async waitFor(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
        const deadline = Date.now() + timeoutMs;
        while (!predicate()) {
            if (Date.now() > deadline) throw new Error(`timed out; messages: ${this.messages.slice(-5).join(" | ")}; closes: ${JSON.stringify(this.closes)}`);
            await Bun.sleep(10);
        }
    }

    /** Closes for good (1000 ends the session on the server). */
    close(code = 1000): void {
        this.stopped = true;
        reconnecting.delete(this);
        clearTimeout(this.reconnecting);
        this.socket?.close(code);
    }

    /** Leaves without ending the session, as a lost connection does (any code but 1000). */
    drop(): void {
        this.socket.close(4000, "gone for a while");
    }

    private onFrame(data: string | ArrayBuffer): void {
        const frame = decodeFrame(data);
        if (frame?.kind === "hello") {
            this.hellos.push(frame);
            if (!frame.recovered) {
                // A new session: numbering starts again, and what was not delivered is the app's to resend.
                this.seen = 0;
                this.sentSeq = 0;
                this.unsent = [];
            }
            // What the server has not delivered is sent again, in order.
            this.unsent = this.unsent.filter((one) => one.seq > frame.ack);
            for (const {seq, text} of this.unsent) this.socket.send(encodeMessage(seq, text));
            this.helloWaiter?.(frame);
        } else if (frame?.kind === "message") {
            if (frame.seq <= this.seen) return void this.repeats++;
            if (frame.seq !== this.seen + 1) this.gaps++;
            this.seen = frame.seq;
            this.messages.push(typeof frame.data === "string" ? frame.data : `bytes:${[...frame.data].join(",")}`);
            // Acknowledged at once: a test client has no reason to batch.
            this.socket.send(encodeAck(this.seen));
        } else if (frame?.kind === "ack") {
            this.unsent = this.unsent.filter((one) => one.seq > frame.seq);
        } else {
            this.messages.push(String(data));
        }
    }
}
