/**
 * The messages a session keeps for its client, within its limits: until the client acknowledges
 * them (a WebSocket), or the last ones sent, for a replay (an event stream, which has no acks: a
 * ring). Both kinds travel between workers in it, as `OutboxEntry` records.
 *
 * @example
 * const outbox = new Outbox(limits, "fail");
 * if (!outbox.push(seq, "hello")) endSession(); // over a limit: the session is dropped
 * outbox.ackUpTo(12);
 * for (const {seq, data} of outbox.after(client.seen) ?? []) send(seq, data);
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

/** At a full outbox: refuse the message ("fail": a client that does not ack), or forget the oldest ("ring"). */
export type OnFull = "fail" | "ring";

// Text counts its length: what it holds in memory (one byte a character, two past Latin-1), which is
// what the limit bounds, read without a pass over the text as a UTF-8 count would take.
const sizeOf = (data: string | Uint8Array) => (typeof data === "string" ? data.length : data.byteLength);

/**
 * A bounded, ordered queue of numbered messages.
 * @example new Outbox({maxOutboxMessages: 1000, maxOutboxBytes: 1_048_576}, "ring");
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
 */
export class Outbox {
    private kept: Kept[] = [];
    private head = 0;
    private size = 0;
    // The last seq a ring forgot before its client saw it: a replay from before it has a gap.
    private forgotten = 0;

    constructor(private readonly limits: Pick<ResumeLimits, "maxOutboxMessages" | "maxOutboxBytes">, private readonly onFull: OnFull) {}

    /** Messages kept. */
    get count(): number {
        return this.kept.length - this.head;
    }

    /** Bytes kept (text counted by its length). */
    get bytes(): number {
        return this.size;
    }

    /**
     * Keeps message `seq` (above every seq kept). False when it does not fit and the outbox is not a
     * ring: nothing is kept, and the caller ends the session (its client fell too far behind).
     */
    push(seq: number, data: string | Uint8Array): boolean {
        const bytes = sizeOf(data);
        if (!this.fits(bytes)) {
            if (this.onFull === "fail") return false;
            while (this.count > 0 && !this.fits(bytes)) this.forgotten = this.shift().seq;
            if (!this.fits(bytes)) {
                this.forgotten = seq;
                return false;
            }
        }
        this.kept.push({seq, data, bytes});
        this.size += bytes;
        return true;
    }

    private fits(bytes: number): boolean {
        return this.count < this.limits.maxOutboxMessages && this.size + bytes <= this.limits.maxOutboxBytes;
    }

    /**
     * Forgets every message up to `seq`: the client has them.
     * @example outbox.ackUpTo(frame.seq);
     * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
     */
    ackUpTo(seq: number): void {
        while (this.count > 0 && this.kept[this.head]!.seq <= seq) this.shift();
    }

    /**
     * The messages after `seen`, in order, for a client that has seen up to it; undefined when some
     * of them are no longer kept (a ring went past them): that client cannot be caught up.
     */
    after(seen: number): Kept[] | undefined {
        if (seen < this.forgotten) return undefined;
        return this.kept.slice(this.head).filter((one) => one.seq > seen);
    }

    /** The messages kept, in their travelling form. */
    toEntries(): OutboxEntry[] {
        return this.kept.slice(this.head).map(({seq, data}) => (typeof data === "string" ? {seq, text: data} : {seq, base64: Buffer.from(data).toString("base64")}));
    }

    /**
     * An outbox holding `entries` (from a record, already checked), within `limits`; `forgotten` is
     * the last seq a ring had let go of. Undefined when they do not fit (the limits were lowered).
     * @example Outbox.fromEntries(record.outbox, limits, "fail");
     * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
     */
    static fromEntries(entries: OutboxEntry[], limits: Pick<ResumeLimits, "maxOutboxMessages" | "maxOutboxBytes">, onFull: OnFull, forgotten = 0): Outbox | undefined {
        const outbox = new Outbox(limits, onFull);
        outbox.forgotten = forgotten;
        for (const {seq, text, base64} of entries) {
            if (!outbox.push(seq, text ?? new Uint8Array(Buffer.from(base64 ?? "", "base64")))) return undefined;
        }
        return outbox;
    }

    private shift(): Kept {
        const first = this.kept[this.head++]!;
        this.size -= first.bytes;
        // Compact now and then, so that a long-lived outbox does not keep every message it ever sent.
        if (this.head > 64 && this.head * 2 > this.kept.length) {
            this.kept = this.kept.slice(this.head);
            this.head = 0;
        }
        return first;
    }
}
