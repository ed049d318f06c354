/**
 * The client's messages that the server has not acknowledged yet, numbered, in order. A message
 * stays here from `send` until an ack (or a hello) says the server delivered it, so one sent just
 * before a connection drops is sent again on the next one. Bounded: a client that keeps sending
 * while the server is away would otherwise grow without end.
 * @module
 */
import {encodeMessage} from "../sessions/wire.ts";

/** What `send` takes: text or bytes. Not a Blob, whose bytes arrive later than the next send's. */
export type ClientMessage = string | ArrayBufferLike | ArrayBufferView;

/** The default bounds of the send queue: the server's outbox bounds. */
export const DEFAULT_MAX_QUEUED_MESSAGES = 1000;
export const DEFAULT_MAX_QUEUED_BYTES = 1_048_576;

interface Queued {
    seq: number;
    data: string | Uint8Array;
    bytes: number;
}

/**
 * The numbered send queue of one client.
 * @example const outbox = new Outbox(1000, 1_048_576, "ws://127.0.0.1:3000/chat"); outbox.add("hi"); // seq 1
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#the-client
 */
export class Outbox {
    private queued: Queued[] = [];
    private lastSeq = 0;
    /** The bytes of the messages not acknowledged yet: the client's `bufferedAmount`. */
    bytes = 0;

    constructor(private readonly maxMessages: number, private readonly maxBytes: number, private readonly where: string) {}

    /** Numbers `message` and keeps it; throws when the queue would pass a bound. Returns the frame to send. */
    add(message: ClientMessage): string | Uint8Array {
        const data = typeof message === "string" ? message : copyOf(message);
        const bytes = typeof data === "string" ? new TextEncoder().encode(data).byteLength : data.byteLength;
        if (this.queued.length + 1 > this.maxMessages || this.bytes + bytes > this.maxBytes) {
            const bound = this.queued.length + 1 > this.maxMessages ? `${this.maxMessages} messages (maxQueuedMessages)` : `${this.maxBytes} bytes (maxQueuedBytes)`;
            throw new RangeError(`jopi-rewrite: the send queue of the ResumableWebSocket to ${this.where} is full: ${bound} not yet acknowledged by the server. Wait until bufferedAmount falls, or raise the bound.`);
        }
        const seq = ++this.lastSeq;
        this.queued.push({seq, data, bytes});
        this.bytes += bytes;
        return encodeMessage(seq, data);
    }

    /** Forgets every message up to `seq`: the server delivered them. */
    acknowledge(seq: number): void {
        let delivered = 0;
        while (delivered < this.queued.length && this.queued[delivered]!.seq <= seq) this.bytes -= this.queued[delivered++]!.bytes;
        if (delivered > 0) this.queued = this.queued.slice(delivered);
    }

    /**
     * A new session on the server: it delivered none of what is still here, and expects seq 1
     * next. The messages are numbered again from 1, in the same order.
     */
    renumber(): void {
        this.queued.forEach((message, index) => (message.seq = index + 1));
        this.lastSeq = this.queued.length;
    }

    /** The frames of every message still queued, in order: what a new connection sends first. */
    frames(): (string | Uint8Array)[] {
        return this.queued.map((message) => encodeMessage(message.seq, message.data));
    }

    get size(): number {
        return this.queued.length;
    }
}

// A copy: the message may be sent again after the app has reused its buffer.
function copyOf(message: ArrayBufferLike | ArrayBufferView): Uint8Array {
    if (ArrayBuffer.isView(message)) return new Uint8Array(message.buffer, message.byteOffset, message.byteLength).slice();
    if (message instanceof ArrayBuffer || (typeof SharedArrayBuffer === "function" && message instanceof SharedArrayBuffer)) return new Uint8Array(message).slice();
    throw new TypeError(`jopi-rewrite: a ResumableWebSocket sends text or bytes (ArrayBuffer, typed array, DataView), not ${Object.prototype.toString.call(message)}; send a Blob as await blob.arrayBuffer().`);
}
