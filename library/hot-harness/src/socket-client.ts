import {LineLog} from "./line-log.ts";

/** How a connection ended, as its client saw it. */
export interface Ending {
    code: number;
    reason: string;
}

/** What SocketClient reads: a WebSocket, or an object of the docs page that behaves as one. */
export type SocketLike = Pick<WebSocket, "readyState" | "send" | "close" | "addEventListener">;

/**
 * A WebSocket client for tests: every message received goes into `messages` (a LineLog, so a
 * test can wait for one), and `ended` resolves with the close code and reason.
 *
 * @example const chat = await SocketClient.connect(`ws://127.0.0.1:${port}/chat`); expect(await chat.ask("hi")).toBe("echo: hi");
 */
export class SocketClient {
    readonly messages = new LineLog();
    readonly ended: Promise<Ending>;
    /** Set once the connection ended. */
    ending: Ending | undefined = undefined;

    private constructor(readonly socket: SocketLike) {
        socket.addEventListener("message", (event) => this.messages.add(String(event.data)));
        this.ended = new Promise((resolve) => {
            socket.addEventListener("close", (event) => resolve((this.ending = {code: event.code, reason: event.reason})));
        });
    }

    /**
     * Connects to `url` (`ws://...`); rejects if the upgrade was refused. `socket` is the
     * connection to read, when it is not a WebSocket of this runtime (one of the docs page's programs).
     */
    static connect(url: string, headers?: Record<string, string>, socket: SocketLike = new WebSocket(url, headers ? ({headers} as unknown as string[]) : undefined)): Promise<SocketClient> {
        const client = new SocketClient(socket);
        return new Promise((resolve, reject) => {
            socket.addEventListener("open", () => resolve(client), {once: true});
            socket.addEventListener("error", () => reject(new Error(`could not open a WebSocket to ${url}`)), {once: true});
        });
    }

    send(message: string): void {
        this.socket.send(message);
    }

    /** Sends `message` and waits for the next message that matches `reply`. */
    async ask(message: string, reply: RegExp | string = /./, timeoutMs?: number): Promise<string> {
        this.send(message);
        return this.messages.waitFor(reply, {timeoutMs});
    }

    get open(): boolean {
        return this.socket.readyState === WebSocket.OPEN;
    }

    close(): void {
        this.socket.close();
    }
}

/** One event of a stream, as EventSource would hand it over. */
export interface StreamEvent {
    event: string;
    data: string;
    id: string;
}

/** What StreamClient opens a stream with: `fetch`, or what stands for it. */
export type StreamOpener = (url: string, init: {headers: Record<string, string>; signal: AbortSignal}) => Promise<Response>;

/**
 * An event-stream (Server-Sent Events) client for tests, reading the raw response as EventSource
 * does: `events` holds each event's `data` (waitable), `comments` the keep-alive comments, and
 * `retry`/`lastId` the last values the server set. `ended` resolves when the server ends the stream.
 *
 * @example const feed = await StreamClient.connect(`http://127.0.0.1:${port}/events`); await feed.events.waitFor("tick");
 */
export class StreamClient {
    readonly events = new LineLog();
    readonly received: StreamEvent[] = [];
    comments = 0;
    retry: number | undefined = undefined;
    lastId = "";
    /** Set once the server ended the stream (or the connection broke). */
    finished = false;
    readonly ended: Promise<void>;
    private readonly abort = new AbortController();

    private constructor(readonly response: Response, private readonly onEvent?: (event: StreamEvent) => void) {
        this.ended = this.read().catch(() => {}).then(() => void (this.finished = true));
    }

    /**
     * Opens the stream with `open` (fetch, or the docs page's way to reach its programs);
     * `onEvent` sees each event as it is dispatched.
     */
    static async connect(url: string, headers: Record<string, string> = {}, open: StreamOpener = fetch, onEvent?: (event: StreamEvent) => void): Promise<StreamClient> {
        const client = new AbortController();
        const response = await open(url, {headers: {accept: "text/event-stream", ...headers}, signal: client.signal});
        if (!response.ok || !response.body) throw new Error(`${url} answered ${response.status}, not an event stream`);
        const stream = new StreamClient(response, onEvent);
        stream.abort.signal.addEventListener("abort", () => client.abort());
        return stream;
    }

    private async read(): Promise<void> {
        const decoder = new TextDecoder();
        let buffer = "";
        let event: StreamEvent = {event: "message", data: "", id: ""};
        let data: string[] = [];
        const reader = this.response.body!.getReader();
        for (let read = await reader.read(); !read.done; read = await reader.read()) {
            buffer += decoder.decode(read.value, {stream: true});
            let newline: number;
            while ((newline = buffer.indexOf("\n")) >= 0) {
                const line = buffer.slice(0, newline).replace(/\r$/, "");
                buffer = buffer.slice(newline + 1);
                if (line === "") {
                    if (data.length > 0) this.dispatch({...event, data: data.join("\n")});
                    event = {event: "message", data: "", id: ""};
                    data = [];
                } else if (line.startsWith(":")) this.comments++;
                else {
                    const colon = line.indexOf(":");
                    const field = colon < 0 ? line : line.slice(0, colon);
                    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
                    if (field === "data") data.push(value);
                    else if (field === "event") event.event = value;
                    else if (field === "id") event.id = this.lastId = value;
                    else if (field === "retry" && /^\d+$/.test(value)) this.retry = Number(value);
                }
            }
        }
    }

    private dispatch(event: StreamEvent): void {
        this.received.push(event);
        this.events.add(event.data);
        this.onEvent?.(event);
    }

    /** Goes away, as a closed browser tab would. */
    close(): void {
        this.abort.abort();
    }
}
