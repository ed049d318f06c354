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
// Slots, a power of two: a slot is found with a mask.
const INITIAL_SLOTS = 16;

/**
 * A bounded, ordered ring of numbered events, kept as the UTF-8 bytes the stream sent.
 * @example new ReplayRing({maxOutboxMessages: 1000, maxOutboxBytes: 1_048_576});
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#event-streams-that-resume
 */
export class ReplayRing {
    // The events' own arrays, in a ring of slots grown by doubling, whose seqs follow each other
    // from `firstSeq`: a stream encodes each event once to send it, and keeps that array. Copying
    // each one into one buffer, to spare the collector an object per event, cost more than it
    // saved: with 50 resumable streams, the buffer took resumed streams from 0.87x to 0.74x the
    // events per CPU-second of plain ones (encoding without keeping anything: 0.98x).
    private slots: (Uint8Array | undefined)[] = new Array(INITIAL_SLOTS).fill(undefined);
    private first = 0;
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
     * Keeps event `seq`, the bytes the stream sent (the ring holds them from then on: nothing may
     * change them), forgetting the oldest past the limits. False when it alone is over
     * `maxOutboxBytes`: then nothing before it can be replayed either. `seq` follows the last one
     * kept: a stream numbers its events one by one, and a record's entries were checked to
     * (isSessionRecord).
     */
    push(seq: number, event: Uint8Array): boolean {
        const size = event.byteLength;
        while (this.length > 0 && (this.length >= this.maxMessages || this.size + size > this.maxBytes)) this.shift();
        if (size > this.maxBytes) {
            this.forgotten = seq;
            return false;
        }
        if (this.length === 0) this.firstSeq = seq;
        if (this.length === this.slots.length) this.grow();
        this.slots[(this.first + this.length++) & (this.slots.length - 1)] = event;
        this.size += size;
        return true;
    }

    /**
     * Numbers event `seq` for the session whose `idField` is `field`, keeps it, and returns its
     * bytes for the stream to send. An event over `maxOutboxBytes` is sent all the same, and not kept.
     * @example connection.write(ring.keep(seq, event, session.idField));
     * @see https://jopi-rewrite.dev/docs/long-lived-connections#event-streams-that-resume
     */
    keep(seq: number, event: WireEvent, field: string): Uint8Array {
        const bytes = event.numbered(field, seq);
        this.push(seq, bytes);
        return bytes;
    }

    /** Whether a client that has seen up to `seen` can be caught up: nothing after it was forgotten. */
    covers(seen: number): boolean {
        return seen >= this.forgotten;
    }

    /** The events after `seen`, in order; undefined when some were forgotten. */
    after(seen: number): Uint8Array[] | undefined {
        if (!this.covers(seen)) return undefined;
        return this.kept().filter((_, i) => this.firstSeq + i > seen);
    }

    /** The events kept, in their travelling form. */
    toEntries(): OutboxEntry[] {
        return this.kept().map((event, i) => ({seq: this.firstSeq + i, text: decoder.decode(event)}));
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

    private kept(): Uint8Array[] {
        const mask = this.slots.length - 1;
        return Array.from({length: this.length}, (_, i) => this.slots[(this.first + i) & mask]!);
    }

    private shift(): void {
        const event = this.slots[this.first]!;
        this.slots[this.first] = undefined;
        this.first = (this.first + 1) & (this.slots.length - 1);
        this.forgotten = this.firstSeq++;
        this.size -= event.byteLength;
        this.length--;
    }

    private grow(): void {
        const kept = this.kept();
        this.slots = [...kept, ...new Array(kept.length).fill(undefined)];
        this.first = 0;
    }
}
