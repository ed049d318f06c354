/**
 * The server's messages as the client receives them: each is delivered once, in order (a repeat,
 * sent again after a resume, is dropped), and acknowledged, so the server can forget it. Acks are
 * grouped: one a second, or sooner once half the server's window (the messages it keeps
 * unacknowledged, said in its hello) or 64 messages have come in. Each ack is a frame the server
 * reads: one per message would double the work of a busy socket. Not rarer either: what the server
 * keeps until the ack outlives its young-generation collections, and a 5 s delay measured no
 * cheaper than 1 s on the server's CPU.
 * @module
 */

/** The most messages received before an ack is sent at once. */
export const ACK_EVERY_MESSAGES = 64;
/** The longest a received message waits for its ack, in milliseconds. */
export const ACK_EVERY_MS = 1000;

/** What a numbered message means for the client. */
export type Arrival = "deliver" | "repeat" | "gap";

/**
 * The receiving side of one client: the last message delivered, and the ack not sent yet.
 * @example const inbox = new Inbox((seq) => socket.send(encodeAck(seq))); if (inbox.receive(1) === "deliver") show(data);
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#the-client
 */
export class Inbox {
    /** The last message delivered: what a resume offer says was seen. */
    seen = 0;
    private acked = 0;
    private timer: ReturnType<typeof setTimeout> | undefined;
    private ackEvery = ACK_EVERY_MESSAGES;

    constructor(private readonly sendAck: (seq: number) => void, private readonly ackDelayMs = ACK_EVERY_MS) {}

    /** The server keeps at most `window` messages unacknowledged: acks come before half of them. */
    setWindow(window: number | undefined): void {
        this.ackEvery = Math.max(1, Math.min(ACK_EVERY_MESSAGES, Math.floor((window ?? Infinity) / 2)));
    }

    /** Whether message `seq` is the next one, one already delivered, or one past a missing one. */
    receive(seq: number): Arrival {
        if (seq <= this.seen) return "repeat";
        if (seq > this.seen + 1) return "gap";
        this.seen = seq;
        if (this.seen - this.acked >= this.ackEvery) this.flush();
        else this.timer ??= setTimeout(() => this.flush(), this.ackDelayMs);
        return "deliver";
    }

    /** Sends the ack of everything delivered so far, if there is anything new. */
    flush(): void {
        this.stop();
        if (this.seen > this.acked) {
            this.acked = this.seen;
            this.sendAck(this.seen);
        }
    }

    /** The connection is gone: no ack can be sent. The next one resumes with `seen`, which tells the server as much. */
    disconnected(): void {
        this.stop();
        this.acked = this.seen;
    }

    /** A new session on the server: its messages are numbered from 1 again. */
    newSession(): void {
        this.stop();
        this.seen = this.acked = 0;
    }

    private stop(): void {
        if (this.timer !== undefined) clearTimeout(this.timer);
        this.timer = undefined;
    }
}
