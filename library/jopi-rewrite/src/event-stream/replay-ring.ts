/**
 * The replay ring of a resumable event stream: the last events it sent, within its limits, for a
 * client that comes back with `Last-Event-ID` (SSE has no acks: the ring keeps the last ones, not
 * the unread ones). They travel between workers as `OutboxEntry` records, as a WebSocket's outbox does.
 *
 * @example
 * const ring = new ReplayRing(limits);
 * ring.push(seq, bytes); // then connection.write(bytes)
 * for (const bytes of ring.after(lastSeen) ?? []) connection.write(bytes);
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#event-streams-that-resume
 * @module
 */
import type {ResumeLimits} from "../sessions/limits.ts";
import type {OutboxEntry} from "../sessions/record.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();
// A power of two: a slot is found with a mask.
const INITIAL_SLOTS = 16;
const INITIAL_BYTES = 4096;

/**
 * A bounded, ordered ring of numbered events, kept as UTF-8.
 * @example new ReplayRing({maxOutboxMessages: 1000, maxOutboxBytes: 1_048_576});
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#event-streams-that-resume
 */
export class ReplayRing {
    // The events' bytes, one after the other in [low, high) of one buffer, and a ring of their seqs
    // and lengths: a kept event is no object of its own. A stream keeps a thousand events for a
    // minute; as strings, each one outlived the young-generation collections and went on to be
    // marked by the full ones, which cost a busy worker more than sending them.
    private buffer = new Uint8Array(INITIAL_BYTES);
    private low = 0;
    private high = 0;
    private seqs: number[] = new Array(INITIAL_SLOTS).fill(0);
    private lengths: number[] = new Array(INITIAL_SLOTS).fill(0);
    private first = 0;
    private length = 0;
    // The last seq forgotten: a client that saw less than it has a gap.
    private forgotten = 0;

    /** `limits` is read at each push: a client coming back with other limits changes them. */
    constructor(private readonly limits: Pick<ResumeLimits, "maxOutboxMessages" | "maxOutboxBytes">) {}

    /** Events kept. */
    get count(): number {
        return this.length;
    }

    /** Bytes kept (UTF-8). */
    get bytes(): number {
        return this.high - this.low;
    }

    /**
     * Keeps a copy of event `seq` (above every seq kept), the bytes the stream sent, forgetting the
     * oldest past the limits. False when it alone is over `maxOutboxBytes`: then nothing before it
     * can be replayed either.
     */
    push(seq: number, event: Uint8Array): boolean {
        const size = event.byteLength;
        while (this.length > 0 && (this.length >= this.limits.maxOutboxMessages || this.bytes + size > this.limits.maxOutboxBytes)) this.shift();
        // Checked before any room is made: an entry read back from a store may be of any size.
        if (size > this.limits.maxOutboxBytes) {
            this.forgotten = seq;
            return false;
        }
        this.room(size);
        this.buffer.set(event, this.high);
        if (this.length === this.seqs.length) this.grow();
        const slot = (this.first + this.length++) & (this.seqs.length - 1);
        this.seqs[slot] = seq;
        this.lengths[slot] = size;
        this.high += size;
        return true;
    }

    /** Whether a client that has seen up to `seen` can be caught up: nothing after it was forgotten. */
    covers(seen: number): boolean {
        return seen >= this.forgotten;
    }

    /** The events after `seen`, in order, each its own copy; undefined when some were forgotten. */
    after(seen: number): Uint8Array[] | undefined {
        if (!this.covers(seen)) return undefined;
        const events: Uint8Array[] = [];
        this.each((seq, start, end) => seq > seen && events.push(this.buffer.slice(start, end)));
        return events;
    }

    /** The events kept, in their travelling form. */
    toEntries(): OutboxEntry[] {
        const entries: OutboxEntry[] = [];
        this.each((seq, start, end) => entries.push({seq, text: decoder.decode(this.buffer.subarray(start, end))}));
        return entries;
    }

    /**
     * A ring holding `entries` (from a record, already checked), within `limits`; `forgotten` is
     * the last seq the sender's ring had let go of. Undefined when one does not fit, or is not text.
     * @example ReplayRing.fromEntries(record.outbox, limits, first - 1);
     * @see https://jopi-rewrite.dev/docs/long-lived-connections#event-streams-that-resume
     */
    static fromEntries(entries: OutboxEntry[], limits: Pick<ResumeLimits, "maxOutboxMessages" | "maxOutboxBytes">, forgotten: number): ReplayRing | undefined {
        const ring = new ReplayRing(limits);
        ring.forgotten = forgotten;
        for (const {seq, text} of entries) if (text === undefined || !ring.push(seq, encoder.encode(text))) return undefined;
        return ring;
    }

    private each(visit: (seq: number, start: number, end: number) => unknown): void {
        const mask = this.seqs.length - 1;
        let start = this.low;
        for (let i = 0; i < this.length; i++) {
            const slot = (this.first + i) & mask;
            visit(this.seqs[slot]!, start, (start += this.lengths[slot]!));
        }
    }

    /** Makes room for `bytes` after `high`: moves what is kept to the front, or doubles the buffer. */
    private room(bytes: number): void {
        if (this.high + bytes <= this.buffer.length) return;
        const kept = this.bytes;
        // Twice what is kept: each move is paid for by as many bytes pushed, and the buffer stays
        // within about twice maxOutboxBytes, as the docs say.
        const size = kept + bytes <= this.buffer.length / 2 ? this.buffer.length : 2 * (kept + bytes);
        const buffer = size === this.buffer.length ? this.buffer : new Uint8Array(size);
        if (buffer === this.buffer) buffer.copyWithin(0, this.low, this.high);
        else buffer.set(this.buffer.subarray(this.low, this.high));
        [this.buffer, this.low, this.high] = [buffer, 0, kept];
    }

    private shift(): void {
        this.forgotten = this.seqs[this.first]!;
        this.low += this.lengths[this.first]!;
        this.first = (this.first + 1) & (this.seqs.length - 1);
        this.length--;
    }

    private grow(): void {
        const mask = this.seqs.length - 1;
        const seqs: number[] = new Array(this.seqs.length * 2).fill(0);
        const lengths: number[] = new Array(this.seqs.length * 2).fill(0);
        for (let i = 0; i < this.length; i++) {
            seqs[i] = this.seqs[(this.first + i) & mask]!;
            lengths[i] = this.lengths[(this.first + i) & mask]!;
        }
        [this.seqs, this.lengths, this.first] = [seqs, lengths, 0];
    }
}
