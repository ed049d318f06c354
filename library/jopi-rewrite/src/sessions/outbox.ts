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
// A power of two, so that a slot is found with a mask.
const INITIAL_SLOTS = 16;
const sizeOf = (data: string | Uint8Array) => (typeof data === "string" ? data.length : data.byteLength);

/**
 * A bounded, ordered queue of numbered messages.
 * @example new Outbox({maxOutboxMessages: 1000, maxOutboxBytes: 1_048_576});
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
 */
export class Outbox {
    // A ring of three parallel arrays, grown by doubling: a message kept costs no object of its own,
    // and one acknowledged costs no copy of those after it. Busy sockets keep and forget thousands a second.
    private seqs: number[] = new Array(INITIAL_SLOTS).fill(0);
    private data: (string | Uint8Array | undefined)[] = new Array(INITIAL_SLOTS).fill(undefined);
    private sizes: number[] = new Array(INITIAL_SLOTS).fill(0);
    private first = 0;
    private length = 0;
    private size = 0;

    constructor(private readonly limits: Pick<ResumeLimits, "maxOutboxMessages" | "maxOutboxBytes">) {}

    /** Messages kept. */
    get count(): number {
        return this.length;
    }

    /** Bytes kept (text counted by its length). */
    get bytes(): number {
        return this.size;
    }

    /**
     * Keeps message `seq` (above every seq kept). False when it does not fit: nothing is kept, and
     * the caller ends the session (its client fell too far behind).
     */
    push(seq: number, data: string | Uint8Array): boolean {
        const bytes = sizeOf(data);
        if (!this.fits(bytes)) return false;
        if (this.length === this.seqs.length) this.grow();
        const slot = (this.first + this.length++) & (this.seqs.length - 1);
        this.seqs[slot] = seq;
        this.data[slot] = data;
        this.sizes[slot] = bytes;
        this.size += bytes;
        return true;
    }

    private fits(bytes: number): boolean {
        return this.length < this.limits.maxOutboxMessages && this.size + bytes <= this.limits.maxOutboxBytes;
    }

    /**
     * Forgets every message up to `seq`: the client has them.
     * @example outbox.ackUpTo(frame.seq);
     * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
     */
    ackUpTo(seq: number): void {
        while (this.length > 0 && this.seqs[this.first]! <= seq) this.shift();
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
        const mask = this.seqs.length - 1;
        const kept: Kept[] = [];
        for (let i = 0; i < this.length; i++) {
            const slot = (this.first + i) & mask;
            kept.push({seq: this.seqs[slot]!, data: this.data[slot]!, bytes: this.sizes[slot]!});
        }
        return kept;
    }

    /** Forgets the oldest message. */
    private shift(): void {
        const slot = this.first;
        this.data[slot] = undefined;
        this.size -= this.sizes[slot]!;
        this.first = (slot + 1) & (this.seqs.length - 1);
        this.length--;
    }

    private grow(): void {
        const kept = this.all();
        const slots = this.seqs.length * 2;
        this.seqs = new Array(slots).fill(0);
        this.data = new Array(slots).fill(undefined);
        this.sizes = new Array(slots).fill(0);
        kept.forEach(({seq, data, bytes}, i) => {
            this.seqs[i] = seq;
            this.data[i] = data;
            this.sizes[i] = bytes;
        });
        this.first = 0;
    }
}
