import {LineLog} from "./line-log.ts";
import {StreamClient, type StreamEvent, type StreamOpener} from "./socket-client.ts";

// Web APIs only, as in socket-client.ts: the docs page reads streams with it too.
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * An event-stream client that behaves as a browser's `EventSource`: when the stream ends or the
 * connection breaks, it waits the server's `retry:` hint (or `defaultRetryMs`) and reconnects with
 * `Last-Event-ID`, again and again, until `close()`. `events` and `received` run on across
 * reconnections, so a test counts what the reader saw in all.
 *
 * @example const feed = await ReconnectingStream.connect(`http://127.0.0.1:${port}/events`); await feed.events.waitFor("42");
 */
export class ReconnectingStream {
    readonly events = new LineLog();
    readonly received: StreamEvent[] = [];
    /** Connections opened after the first. */
    reconnects = 0;
    lastId = "";
    private current: StreamClient | undefined;
    private closed = false;

    private constructor(
        private readonly url: string,
        private readonly open: StreamOpener,
        private readonly defaultRetryMs: number,
    ) {}

    /** Opens the first connection (rejects if it is refused), then keeps one open until `close()`. */
    static async connect(url: string, open: StreamOpener = fetch, defaultRetryMs = 1_000): Promise<ReconnectingStream> {
        const stream = new ReconnectingStream(url, open, defaultRetryMs);
        await stream.attach();
        void stream.follow();
        return stream;
    }

    /** The connection being read now. */
    get connection(): StreamClient | undefined {
        return this.current;
    }

    private async attach(): Promise<void> {
        const headers: Record<string, string> = this.lastId === "" ? {} : {"last-event-id": this.lastId};
        this.current = await StreamClient.connect(this.url, headers, this.open, (event) => {
            this.received.push(event);
            this.events.add(event.data);
        });
    }

    private async follow(): Promise<void> {
        while (!this.closed) {
            const connection = this.current!;
            await connection.ended;
            // The browser's last event id also moves on an id with no data: StreamClient tracks both.
            if (connection.lastId !== "") this.lastId = connection.lastId;
            while (!this.closed) {
                await sleep(connection.retry ?? this.defaultRetryMs);
                if (this.closed) return;
                try {
                    await this.attach();
                    this.reconnects++;
                    break;
                } catch {
                    // Refused or unreachable for now (a restart in progress): try again after the delay.
                }
            }
        }
    }

    /** Goes away for good, as a closed browser tab would. */
    close(): void {
        this.closed = true;
        this.current?.close();
    }
}
