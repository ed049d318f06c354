/**
 * Server-Sent Events. A stream is a response that never ends, so it keeps the closures of the
 * version of the code that opened it: to send what the *current* version produces, the current
 * version publishes into a channel (`site.publishEvent`), and every stream subscribed to that
 * channel, old or new, sends it. Channels live here, in the implementation loaded once per process.
 * @module
 */
import {describeRequest} from "./errors.ts";
import {checkLimit, DEFAULT_MAX_BUFFERED_BYTES} from "./limits.ts";
import {closed, opened, type LongLived} from "./long-lived.ts";

/** One event. `data` that is not a string is sent as JSON. */
export interface ServerEvent {
    data: unknown;
    /** The event's type: the client listens with `addEventListener(event, ...)`; `message` when absent. */
    event?: string;
    /** The client sends the last id it saw back in `Last-Event-ID` when it reconnects. */
    id?: string | number;
}

export interface EventStreamOptions {
    /** Channels whose events this stream sends: see `site.publishEvent`. */
    channel?: string | string[];
    /** Tells the browser to reconnect after this many ms if the stream breaks. */
    retryMs?: number;
    /** A comment line every so often, so that idle timeouts (Bun's is 10 s) never cut a quiet stream. Default 5000. */
    keepAliveMs?: number;
    /** Runs once the stream is open: send a first event, or what the client missed since `stream.lastEventId`. */
    open?(stream: EventStream): unknown;
    /** Runs once when the stream ends, whichever side ended it. */
    close?(stream: EventStream): unknown;
    /**
     * The most bytes this stream keeps for a client that reads slower than events come (or not at
     * all): past it, the stream is ended, and events are no longer counted as sent to it. The client
     * can reconnect and ask for what it missed with Last-Event-ID. Default 1 MiB (1_048_576).
     */
    maxBufferedBytes?: number;
}

/** Where a stream belongs: a website's host and port. */
interface StreamSite {
    readonly hostname: string;
    readonly port: number;
}

const encoder = new TextEncoder();
const channels = new Map<string, Set<EventStream>>();

function oneLine(field: string, value: string): string {
    if (/[\r\n]/.test(value)) throw new TypeError(`jopi-rewrite: an event's ${field} cannot hold a line break: ${JSON.stringify(value)}.`);
    return value;
}

/** The wire form of an event: `event:`, `id:`, then one `data:` line per line of the data. */
function encode(event: ServerEvent | string): Uint8Array {
    const {data, event: type, id} = typeof event === "string" ? {data: event, event: undefined, id: undefined} : event;
    let text = "";
    if (type !== undefined) text += `event: ${oneLine("event name", type)}\n`;
    if (id !== undefined) text += `id: ${oneLine("id", String(id))}\n`;
    const body = typeof data === "string" ? data : JSON.stringify(data);
    for (const line of body.split(/\r\n|\r|\n/)) text += `data: ${line}\n`;
    return encoder.encode(`${text}\n`);
}

const channelKey = (site: StreamSite, name: string) => `${site.hostname}:${site.port} ${name}`;

/**
 * An open event stream, as `options.open` receives it. It ends when the client goes away (the
 * `close` option runs then), when the server shuts down, or when `close()` is called.
 *
 * @example req.eventStream({open(stream) { stream.send({event: "hello", data: {at: Date.now()}}); }});
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#event-streams
 */
export class EventStream implements LongLived {
    /** The `Last-Event-ID` the client sent when reconnecting: the last id it received. */
    readonly lastEventId: string | undefined;
    readonly port: number;
    /** The response to return from the route. @internal */
    readonly response: Response;
    private controller!: ReadableStreamDefaultController<Uint8Array>;
    private keepAlive: Timer | undefined;
    private readonly channelKeys: string[];
    private readonly maxBufferedBytes: number;
    private ended = false;

    /** @internal */
    constructor(private readonly request: Request, site: StreamSite, private readonly options: EventStreamOptions = {}) {
        this.port = site.port;
        this.lastEventId = request.headers.get("last-event-id") ?? undefined;
        this.maxBufferedBytes = checkLimit("maxBufferedBytes", options.maxBufferedBytes, `the event stream of ${describeRequest(request)}`) ?? DEFAULT_MAX_BUFFERED_BYTES;
        // The queue's desiredSize is then what the budget has left: the bytes enqueued and not yet
        // taken by Bun for the socket count against it, so a client that does not read uses it up.
        const budget = new ByteLengthQueuingStrategy({highWaterMark: this.maxBufferedBytes});
        const stream = new ReadableStream<Uint8Array>({start: (controller) => void (this.controller = controller), cancel: () => this.finish()}, budget);
        this.response = new Response(stream, {
            headers: {"content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", "x-accel-buffering": "no"},
        });
        // Known before the first write: a budget smaller than that write ends the stream at once.
        const names = options.channel === undefined ? [] : Array.isArray(options.channel) ? options.channel : [options.channel];
        this.channelKeys = names.map((name) => channelKey(site, name));
        for (const key of this.channelKeys) channels.get(key)?.add(this) ?? channels.set(key, new Set([this]));
        opened(this);
        // Bun sends a streaming response's headers with its first chunk: send one at once.
        this.write(encoder.encode(options.retryMs === undefined ? ": open\n\n" : `retry: ${Math.trunc(options.retryMs)}\n\n`));
        if (this.ended) return;
        request.signal.addEventListener("abort", () => this.finish(), {once: true});
        this.keepAlive = setInterval(() => this.write(encoder.encode(":\n\n")), options.keepAliveMs ?? 5000);
        this.keepAlive.unref();
        this.run("open", () => options.open?.(this));
    }

    /** Whether the stream has ended. */
    get closed(): boolean {
        return this.ended;
    }

    /** Sends an event (a string is the data of a `message` event). Returns false once the stream has ended. */
    send(event: ServerEvent | string): boolean {
        return this.write(encode(event));
    }

    /** Ends the stream; with `retryMs`, tells the browser when to reconnect. */
    close(retryMs?: number): void {
        if (this.ended) return;
        if (retryMs !== undefined) this.write(encoder.encode(`retry: ${Math.trunc(retryMs)}\n\n`));
        try {
            this.controller.close();
        } catch {
            // The client went away first.
        }
        this.finish();
    }

    /** @internal */
    end(_code: number, _reason: string, retryMs?: number): void {
        this.close(retryMs);
    }

    /** @internal */
    write(bytes: Uint8Array): boolean {
        if (this.ended) return false;
        // The backlog is checked before the event joins it: what is queued stays until the socket
        // takes it or Bun's idle timeout closes the connection, so it never holds more than the budget.
        if (bytes.byteLength <= (this.controller.desiredSize ?? 0)) {
            try {
                this.controller.enqueue(bytes);
                return true;
            } catch {
                this.finish();
                return false;
            }
        }
        console.log(`jopi-rewrite: ended the event stream of ${describeRequest(this.request)}: its client left more than ${this.maxBufferedBytes} bytes unread (maxBufferedBytes).`);
        this.close();
        return false;
    }

    private finish(): void {
        if (this.ended) return;
        this.ended = true;
        clearInterval(this.keepAlive);
        for (const key of this.channelKeys) {
            const subscribers = channels.get(key);
            if (subscribers?.delete(this) && subscribers.size === 0) channels.delete(key);
        }
        closed(this);
        this.run("close", () => this.options.close?.(this));
    }

    private run(name: string, handler: () => unknown): void {
        const fail = (error: unknown) => {
            console.error(`jopi-rewrite: the event stream ${name} handler of ${describeRequest(this.request)} failed; ended the stream.`);
            console.error(error);
            this.close();
        };
        try {
            const result = handler();
            if (result instanceof Promise) result.catch(fail);
        } catch (error) {
            fail(error);
        }
    }
}

/**
 * Sends `event` to every stream of the website subscribed to `channel`, whichever version of the
 * code opened it. Returns how many streams it was sent to.
 * @internal
 */
export function publishEvent(site: StreamSite, channel: string, event: ServerEvent | string): number {
    const subscribers = channels.get(channelKey(site, channel));
    if (subscribers === undefined) return 0;
    const bytes = encode(event);
    let sent = 0;
    for (const stream of subscribers) if (stream.write(bytes)) sent++;
    return sent;
}
