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
import type {WireEvent} from "./channel.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const INITIAL_BYTES = 4096;
// Each event is kept behind its length, in 4 bytes.
const HEADER = 4;

/**
 * A bounded, ordered ring of numbered events, kept as UTF-8.
 * @example new ReplayRing({maxOutboxMessages: 1000, maxOutboxBytes: 1_048_576});
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#event-streams-that-resume
 */
export class ReplayRing {
    // The events one after the other in [low, high) of one buffer, each behind its length; their
    // seqs follow each other from `firstSeq`. A kept event is no object of its own: as strings, each
    // one outlived the young-generation collections and was marked by the full ones. And a push
    // touches only this object and the buffer: a worker sends to each of thousands of streams in
    // turn, so what a push reads is out of the CPU's caches every time, and each further object
    // read (a slot array, the limits) cost more than the copy.
    private buffer = new Uint8Array(INITIAL_BYTES);
    private low = 0;
    private high = 0;
    private length = 0;
    private size = 0;
    private firstSeq = 0;
    // The last seq forgotten: a client that saw less than it has a gap.
    private forgotten = 0;
    private maxMessages: number;
    private maxBytes: number;

    constructor(limits: Pick<ResumeLimits, "maxOutboxMessages" | "maxOutboxBytes">) {
        this.maxMessages = limits.maxOutboxMessages;
        this.maxBytes = limits.maxOutboxBytes;
    }

    /** Events kept. */
    get count(): number {
        return this.length;
    }

    /** Bytes kept (UTF-8). */
    get bytes(): number {
        return this.size;
    }

    /**
     * Bounds what is kept from now on: a client that comes back to a route whose limits changed.
     * @example held.session.ring.limit(resumeLimitsOf(options.resume, where)!);
     * @see https://jopi-rewrite.dev/docs/long-lived-connections#event-streams-that-resume
     */
    limit(limits: Pick<ResumeLimits, "maxOutboxMessages" | "maxOutboxBytes">): void {
        [this.maxMessages, this.maxBytes] = [limits.maxOutboxMessages, limits.maxOutboxBytes];
    }

    /**
     * Keeps a copy of event `seq`, the bytes the stream sent, forgetting the oldest past the limits.
     * False when it alone is over `maxOutboxBytes`: then nothing before it can be replayed either.
     * `seq` follows the last one kept: a stream numbers its events one by one, and a record's
     * entries were checked to (isSessionRecord).
     */
    push(seq: number, event: Uint8Array): boolean {
        // Checked before any room is made: an entry read back from a store may be of any size.
        if (event.byteLength > this.maxBytes) return this.commit(seq, this.high, this.high + HEADER + event.byteLength);
        const at = this.reserve(event.byteLength);
        this.buffer.set(event, at + HEADER);
        return this.commit(seq, at, at + HEADER + event.byteLength);
    }

    /**
     * Numbers event `seq` for the session whose `idField` is `field`, keeps a copy, and returns its
     * bytes for the stream to send. Encoded once and copied in, as `push` does: writing it straight
     * into the ring, then copying it out for the stream, cost more (resumable streams did 0.70x the
     * events per CPU-second of plain ones that way, 0.77x this way). An event over `maxOutboxBytes`
     * is sent all the same, and not kept.
     * @example connection.write(ring.keep(seq, event, session.idField));
     * @see https://jopi-rewrite.dev/docs/long-lived-connections#event-streams-that-resume
     */
    keep(seq: number, event: WireEvent, field: string): Uint8Array {
        const bytes = event.numbered(field, seq);
        this.push(seq, bytes);
        return bytes;
    }

    /** Makes room for an event of at most `bytes` after `high`; returns where its length goes. */
    private reserve(bytes: number): number {
        this.room(HEADER + bytes);
        return this.high;
    }

    /** Counts the event written in [at + HEADER, end) as kept, after the limits have made room for it. */
    private commit(seq: number, at: number, end: number): boolean {
        const size = end - at - HEADER;
        while (this.length > 0 && (this.length >= this.maxMessages || this.size + size > this.maxBytes)) this.shift();
        if (size > this.maxBytes) {
            this.forget(seq);
            return false;
        }
        const buffer = this.buffer;
        buffer[at] = size;
        buffer[at + 1] = size >>> 8;
        buffer[at + 2] = size >>> 16;
        buffer[at + 3] = size >>> 24;
        if (this.length === 0) [this.firstSeq, this.low] = [seq, at];
        this.high = end;
        this.size += size;
        this.length++;
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
        let at = this.low;
        for (let i = 0; i < this.length; i++) {
            const start = at + HEADER;
            visit(this.firstSeq + i, start, (at = start + this.sizeAt(at)));
        }
    }

    private sizeAt(at: number): number {
        const buffer = this.buffer;
        return (buffer[at]! | (buffer[at + 1]! << 8) | (buffer[at + 2]! << 16) | (buffer[at + 3]! << 24)) >>> 0;
    }

    /** Makes room for `bytes` after `high`: moves what is kept to the front, or doubles the buffer. */
    private room(bytes: number): void {
        if (this.high + bytes <= this.buffer.length) return;
        const kept = this.high - this.low;
        // Twice what is kept: each move is paid for by as many bytes pushed, and the buffer stays
        // within about twice maxOutboxBytes (and the lengths), as the docs say.
        const size = kept + bytes <= this.buffer.length / 2 ? this.buffer.length : 2 * (kept + bytes);
        const buffer = size === this.buffer.length ? this.buffer : new Uint8Array(size);
        if (buffer === this.buffer) buffer.copyWithin(0, this.low, this.high);
        else buffer.set(this.buffer.subarray(this.low, this.high));
        [this.buffer, this.low, this.high] = [buffer, 0, kept];
    }

    private shift(): void {
        const size = this.sizeAt(this.low);
        this.forgotten = this.firstSeq++;
        this.low += HEADER + size;
        this.size -= size;
        this.length--;
    }

    /** Forgets every event kept, up to `seq`. */
    private forget(seq: number): void {
        [this.low, this.length, this.size, this.forgotten] = [this.high, 0, 0, seq];
    }
}
