/**
 * An event-stream client that behaves like a browser's EventSource: when the stream ends or breaks,
 * it reconnects after the server's `retry` (or 100 ms) with `Last-Event-ID` set to the last id it
 * received, and keeps every event it got across its connections.
 */
import {StreamClient, type StreamEvent} from "hot-harness";

export class ResumingStream {
    /** Every event received, over every connection, in order. */
    readonly received: StreamEvent[] = [];
    /** How many times it connected. */
    connections = 0;
    lastId = "";
    private current: StreamClient | undefined = undefined;
    private stopped = false;
    private readonly running: Promise<void>;

    constructor(readonly url: string) {
        this.running = this.run();
    }

    /** The session id of the last id received: `<sessionId>.<seq>`. */
    get sessionId(): string {
        return this.lastId.slice(0, this.lastId.lastIndexOf("."));
    }

    /** The data of the events received. */
    get data(): string[] {
        return this.received.map((event) => event.data);
    }

    /** Cuts the current connection, as a network that drops it would: it reconnects by itself. */
    drop(): void {
        this.current?.close();
    }

    /** Waits until `count` events have come. */
    async waitForEvents(count: number, timeoutMs = 10_000): Promise<void> {
        const deadline = Date.now() + timeoutMs;
        while (this.received.length < count) {
            if (Date.now() > deadline) throw new Error(`${this.url}: ${this.received.length} events after ${timeoutMs} ms, not ${count}`);
            await Bun.sleep(10);
        }
    }

    /** Waits until it has connected `count` times. */
    async waitForConnections(count: number, timeoutMs = 10_000): Promise<void> {
        const deadline = Date.now() + timeoutMs;
        while (this.connections < count) {
            if (Date.now() > deadline) throw new Error(`${this.url}: ${this.connections} connections after ${timeoutMs} ms, not ${count}`);
            await Bun.sleep(10);
        }
    }

    /** Goes away for good. */
    async close(): Promise<void> {
        this.stopped = true;
        this.current?.close();
        await this.running;
    }

    private async run(): Promise<void> {
        let retry = 100;
        while (!this.stopped) {
            try {
                const stream = await StreamClient.connect(this.url, this.lastId ? {"last-event-id": this.lastId} : {});
                this.current = stream;
                this.connections++;
                let seen = 0;
                // Copies what the connection parses as it comes: the events, and the last id even when no event carried it.
                while (!stream.finished || seen < stream.received.length) {
                    for (; seen < stream.received.length; seen++) this.received.push(stream.received[seen]!);
                    if (stream.lastId) this.lastId = stream.lastId;
                    if (!stream.finished) await Promise.race([stream.ended, Bun.sleep(5)]);
                }
                if (stream.lastId) this.lastId = stream.lastId;
                retry = stream.retry ?? retry;
            } catch {
                // Refused or reset, as a server between two workers may: try again, like a browser.
            }
            if (!this.stopped) await Bun.sleep(retry);
        }
    }
}
