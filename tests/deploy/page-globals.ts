import {StreamClient} from "hot-harness";

/** What the page's connections went through, as the test sees them. */
export interface PageConnections {
    /** The close code of each WebSocket, in order. */
    socketCloses: number[];
    /** How many WebSockets the page opened (the first one, then each reconnection). */
    socketsOpened: number;
    /** The `retry` the server sent with each event stream it ended. */
    streamEndings: number[];
    /** How many times the page's EventSource opened its stream. */
    streamsOpened: number;
    /** Resolves once the page's latest WebSocket is open; rejects after 5 s. */
    socketOpen(): Promise<void>;
    /** Puts back this process's own globals. */
    restore(): void;
}

/**
 * Runs page code (deploy/nginx/page.ts) in this process as a page of `origin` would run: gives it
 * `location`, a `WebSocket` and an `EventSource`, whose connections go to nginx on loopback `ports`
 * with the page's Host, as DNS would send them. The EventSource does what browsers do: when the
 * stream ends, it waits the server's `retry`, then opens it again with `Last-Event-ID`. The test
 * certificate is self-signed, so TLS connections accept it.
 *
 * @example const page = pageOf("https://shop.example.com", {http: 8080, https: 8443}); ...; page.restore();
 */
export function pageOf(origin: string, ports: {http: number; https: number}): PageConnections {
    const globals = globalThis as Record<string, unknown>;
    const saved = {location: globals.location, WebSocket: globals.WebSocket, EventSource: globals.EventSource};
    const page = new URL(origin);
    const route = (url: URL) => `${url.protocol}//127.0.0.1:${url.protocol === "https:" || url.protocol === "wss:" ? ports.https : ports.http}${url.pathname}${url.search}`;
    const tls = {rejectUnauthorized: false};
    let latest: WebSocket | undefined;
    const seen: PageConnections = {
        socketCloses: [],
        socketsOpened: 0,
        streamEndings: [],
        streamsOpened: 0,
        socketOpen: async () => {
            const deadline = Date.now() + 5_000;
            while (latest?.readyState !== WebSocket.OPEN) {
                if (Date.now() > deadline) throw new Error(`the page's WebSocket is not open after 5 s; ${seen.socketsOpened} opened, closed with [${seen.socketCloses}]`);
                await Bun.sleep(20);
            }
        },
        restore: () => Object.assign(globals, saved),
    };
    const NativeWebSocket = WebSocket;

    class PageWebSocket extends NativeWebSocket {
        constructor(url: string | URL) {
            const target = new URL(url, page);
            super(route(target), {headers: {host: target.host}, tls} as unknown as string[]);
            latest = this;
            seen.socketsOpened++;
            this.addEventListener("close", (event) => seen.socketCloses.push(event.code));
        }
    }

    class PageEventSource {
        onmessage: ((event: MessageEvent) => void) | null = null;
        private stream: StreamClient | undefined;
        private closed = false;

        constructor(url: string) {
            void this.follow(new URL(url, page));
        }

        private async follow(url: URL): Promise<void> {
            let lastId = "";
            while (!this.closed) {
                const headers: Record<string, string> = {host: url.host, ...(lastId ? {"last-event-id": lastId} : {})};
                const stream = await StreamClient.connect(route(url), headers, (to, init) => fetch(to, {...init, tls})).catch(() => undefined);
                if (!stream) {
                    await Bun.sleep(1_000);
                    continue;
                }
                this.stream = stream;
                seen.streamsOpened++;
                // Each event, as it arrives, until the stream ends.
                while (!stream.finished) {
                    const data = await stream.events.waitFor(/.*/, {timeoutMs: 200}).catch(() => undefined);
                    if (data !== undefined) this.dispatch(data);
                }
                for (const data of stream.events.lines.splice(stream.events.cursor)) this.dispatch(data);
                if (this.closed) return;
                seen.streamEndings.push(stream.retry ?? 3_000);
                lastId = stream.lastId;
                await Bun.sleep(stream.retry ?? 3_000);
            }
        }

        private dispatch(data: string): void {
            if (!this.closed) this.onmessage?.(new MessageEvent("message", {data}));
        }

        close(): void {
            this.closed = true;
            this.stream?.close();
        }
    }

    Object.assign(globals, {location: page, WebSocket: PageWebSocket, EventSource: PageEventSource});
    return seen;
}
