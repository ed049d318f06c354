/**
 * The server's messages as the client receives them: each is delivered once, in order (a repeat,
 * sent again after a resume, is dropped), and acknowledged, so the server can forget it. Acks are
 * grouped, one every 100 ms or every 64 messages, whichever comes first: one ack per message
 * would double the frames of a busy socket.
 * @module
 */

/** The most messages received before an ack is sent at once. */
export const ACK_EVERY_MESSAGES = 64;
/** The longest a received message waits for its ack, in milliseconds. */
export const ACK_EVERY_MS = 100;

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

    constructor(private readonly sendAck: (seq: number) => void) {}

    /** Whether message `seq` is the next one, one already delivered, or one past a missing one. */
    receive(seq: number): Arrival {
        if (seq <= this.seen) return "repeat";
        if (seq > this.seen + 1) return "gap";
        this.seen = seq;
        if (this.seen - this.acked >= ACK_EVERY_MESSAGES) this.flush();
        else this.timer ??= setTimeout(() => this.flush(), ACK_EVERY_MS);
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
