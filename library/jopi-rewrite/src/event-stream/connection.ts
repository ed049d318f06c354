/**
 * One HTTP response of an event stream: the bytes it holds for its client, within a budget, and
 * the keep-alive comments. A plain stream has one for its whole life; a resumable stream has one
 * per time its client connects, and none while the client is away.
 *
 * @example const connection = new Connection(request, {maxBufferedBytes: 1_048_576}, (cause) => stream.lost(cause));
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#event-streams
 * @module
 */
import {describeRequest} from "../errors.ts";

export interface ConnectionOptions {
    maxBufferedBytes: number;
    retryMs?: number;
    keepAliveMs?: number;
}

/** Why a connection ended without its stream asking: the client went away, or left too much unread. */
export type Loss = "client" | "budget";

const encoder = new TextEncoder();

/**
 * The response of one connection of an event stream. @internal
 * @example return new Connection(request, {maxBufferedBytes}, lost).response;
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#event-streams
 */
export class Connection {
    readonly response: Response;
    /** `GET 127.0.0.1:3000/events`: how logs name it. */
    readonly where: string;
    private controller!: ReadableStreamDefaultController<Uint8Array>;
    private keepAlive: Timer | undefined = undefined;
    private ended = false;

    constructor(request: Request, private readonly options: ConnectionOptions, private readonly lost: (cause: Loss) => void) {
        this.where = describeRequest(request);
        // The queue's desiredSize is then what the budget has left: the bytes enqueued and not yet
        // taken by Bun for the socket count against it, so a client that does not read uses it up.
        const budget = new ByteLengthQueuingStrategy({highWaterMark: options.maxBufferedBytes});
        const stream = new ReadableStream<Uint8Array>({start: (controller) => void (this.controller = controller), cancel: () => this.finish("client")}, budget);
        this.response = new Response(stream, {
            headers: {"content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", "x-accel-buffering": "no"},
        });
        // Bun sends a streaming response's headers with its first chunk: send one at once.
        this.write(options.retryMs === undefined ? ": open\n\n" : `retry: ${Math.trunc(options.retryMs)}\n\n`);
        if (this.ended) return;
        request.signal.addEventListener("abort", () => this.finish("client"), {once: true});
        this.keepAlive = setInterval(() => this.write(":\n\n"), options.keepAliveMs ?? 5000);
        this.keepAlive.unref();
    }

    /** Whether it has ended, from either side. */
    get closed(): boolean {
        return this.ended;
    }

    /** Sends `chunk`; false once the connection has ended, or if the client left the budget unread (it then ends). */
    write(chunk: Uint8Array | string): boolean {
        if (this.ended) return false;
        const bytes = typeof chunk === "string" ? encoder.encode(chunk) : chunk;
        // The backlog is checked before the event joins it: what is queued stays until the socket
        // takes it or Bun's idle timeout closes the connection, so it never holds more than the budget.
        if (bytes.byteLength <= (this.controller.desiredSize ?? 0)) {
            try {
                this.controller.enqueue(bytes);
                return true;
            } catch {
                this.finish("client");
                return false;
            }
        }
        console.log(`jopi-rewrite: ended the event stream of ${this.where}: its client left more than ${this.options.maxBufferedBytes} bytes unread (maxBufferedBytes).`);
        this.end();
        this.lost("budget");
        return false;
    }

    /** Ends the response, at the stream's request; with `retryMs`, tells the browser when to come back. */
    end(retryMs?: number): void {
        if (this.ended) return;
        this.ended = true;
        clearInterval(this.keepAlive);
        const retry = retryMs === undefined ? undefined : encoder.encode(`retry: ${Math.trunc(retryMs)}\n\n`);
        try {
            if (retry && retry.byteLength <= (this.controller.desiredSize ?? 0)) this.controller.enqueue(retry);
            this.controller.close();
        } catch {
            // The client went away first.
        }
    }

    private finish(cause: Loss): void {
        if (this.ended) return;
        this.end();
        this.lost(cause);
    }
}
