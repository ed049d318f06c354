/**
 * The messages a WebSocket session keeps for its client, within its limits, until the client
 * acknowledges them; they travel between workers as `OutboxEntry` records. (An event stream, which
 * has no acks, keeps its last events in a replay ring: event-stream/replay-ring.ts.)
 *
 * @example
 * const outbox = new Outbox(limits);
 * if (!outbox.push(seq, "hello")) endSession(); // over a limit: the session is dropped
 * outbox.ackUpTo(12);
 * for (const {seq, data} of outbox.after(client.seen)) send(seq, data);
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
 * @module
 */
import type {ResumeLimits} from "./limits.ts";
import type {OutboxEntry} from "./record.ts";

/** One message kept: text, or bytes. */
export interface Kept {
    seq: number;
    data: string | Uint8Array;
    /** Its size, counted once. */
    bytes: number;
}

// Text counts its length: what it holds in memory (one byte a character, two past Latin-1), which is
// what the limit bounds, read without a pass over the text as a UTF-8 count would take.
const sizeOf = (data: string | Uint8Array) => (typeof data === "string" ? data.length : data.byteLength);
// Pairs of slots, a power of two: a pair is found with a mask.
const INITIAL_PAIRS = 16;

/**
 * A bounded, ordered queue of numbered messages.
 * @example new Outbox({maxOutboxMessages: 1000, maxOutboxBytes: 1_048_576});
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
 */
export class Outbox {
    // One ring of (message, size) pairs, grown by doubling, whose seqs follow each other from
    // `firstSeq`: a message kept costs no object of its own, one acknowledged no copy of those
    // after it. And a push reads this object and one array: a worker sends to thousands of sockets
    // in turn, so each one's outbox is out of the CPU's caches every time, and each further object
    // read (an array of seqs, the limits) cost more than keeping the message. Text stays the
    // app's string, not UTF-8 in a buffer as in the event streams' replay ring: here it is sent as
    // a string as well, so a copy would be a second encoding, and the bench measured that copy
    // dearer than the collector's carrying the strings until their ack (0.80-0.84x against 0.85-0.86x).
    private slots: (string | Uint8Array | number | undefined)[] = new Array(2 * INITIAL_PAIRS).fill(undefined);
    private first = 0;
    private length = 0;
    private size = 0;
    private firstSeq = 0;
    private readonly maxMessages: number;
    private readonly maxBytes: number;

    constructor(limits: Pick<ResumeLimits, "maxOutboxMessages" | "maxOutboxBytes">) {
        this.maxMessages = limits.maxOutboxMessages;
        this.maxBytes = limits.maxOutboxBytes;
    }

    /** Messages kept. */
    get count(): number {
        return this.length;
    }

    /** Bytes kept (text counted by its length). */
    get bytes(): number {
        return this.size;
    }

    /**
     * Keeps message `seq`, the one after the last kept (a session numbers its messages one by one,
     * and a record's entries were checked to: isSessionRecord). False when it does not fit: nothing
     * is kept, and the caller ends the session (its client fell too far behind).
     */
    push(seq: number, data: string | Uint8Array): boolean {
        const bytes = sizeOf(data);
        if (this.length >= this.maxMessages || this.size + bytes > this.maxBytes) return false;
        if (this.length === 0) this.firstSeq = seq;
        if (this.length === this.slots.length >> 1) this.grow();
        const at = ((this.first + this.length++) & ((this.slots.length >> 1) - 1)) << 1;
        this.slots[at] = data;
        this.slots[at + 1] = bytes;
        this.size += bytes;
        return true;
    }

    /**
     * Forgets every message up to `seq`: the client has them.
     * @example outbox.ackUpTo(frame.seq);
     * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
     */
    ackUpTo(seq: number): void {
        const mask = (this.slots.length >> 1) - 1;
        while (this.length > 0 && this.firstSeq <= seq) {
            const at = this.first << 1;
            this.slots[at] = undefined;
            this.size -= this.slots[at + 1] as number;
            this.first = (this.first + 1) & mask;
            this.firstSeq++;
            this.length--;
        }
    }

    /** The messages after `seen`, in order, for a client that has seen up to it. */
    after(seen: number): Kept[] {
        return this.all().filter((one) => one.seq > seen);
    }

    /** The messages kept, in their travelling form. */
    toEntries(): OutboxEntry[] {
        return this.all().map(({seq, data}) => (typeof data === "string" ? {seq, text: data} : {seq, base64: Buffer.from(data).toString("base64")}));
    }

    /**
     * An outbox holding `entries` (from a record, already checked), within `limits`. Undefined when
     * they do not fit (the limits were lowered).
     * @example Outbox.fromEntries(record.outbox, limits);
     * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
     */
    static fromEntries(entries: OutboxEntry[], limits: Pick<ResumeLimits, "maxOutboxMessages" | "maxOutboxBytes">): Outbox | undefined {
        const outbox = new Outbox(limits);
        for (const {seq, text, base64} of entries) {
            if (!outbox.push(seq, text ?? new Uint8Array(Buffer.from(base64 ?? "", "base64")))) return undefined;
        }
        return outbox;
    }

    private all(): Kept[] {
        const mask = (this.slots.length >> 1) - 1;
        const kept: Kept[] = [];
        for (let i = 0; i < this.length; i++) {
            const at = ((this.first + i) & mask) << 1;
            kept.push({seq: this.firstSeq + i, data: this.slots[at] as string | Uint8Array, bytes: this.slots[at + 1] as number});
        }
        return kept;
    }

    private grow(): void {
        const kept = this.all();
        this.slots = new Array(2 * this.slots.length).fill(undefined);
        kept.forEach(({data, bytes}, i) => {
            this.slots[2 * i] = data;
            this.slots[2 * i + 1] = bytes;
        });
        this.first = 0;
    }
}
