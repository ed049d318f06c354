import {connect, type Socket} from "node:net";

/** What a load saw: requests answered, failed (connection lost with a request on it), and the rest. */
export interface LoadStats {
    requests: number;
    failed: number;
    non2xx: number;
    /** Connections the server closed after an answer with `Connection: close`, as a draining worker does. */
    closedByServer: number;
    /** The first words of the 2xx bodies: which versions answered. */
    bodies: Set<string>;
    errors: string[];
    /** The longest time without any answer, across all clients. */
    longestGapMs: number;
}

export interface KeepAliveLoad {
    stats: LoadStats;
    /** Ends the load once each client's request under way is answered. */
    stop(): Promise<LoadStats>;
}

/**
 * Keep-alive clients requesting `url` in a loop until stopped, as wrk does: a connection is reused
 * until an answer says `Connection: close`, and a connection closed while a request waits on it
 * counts as a failed request, never retried (fetch() would retry it and hide the loss). `headers`
 * go with every request (`{host: "shop.example.com"}` to reach a website through a proxy).
 *
 * @example
 * const load = keepAliveLoad("http://127.0.0.1:3000/", 16);
 * // ... restart the server ...
 * const {requests, failed, non2xx} = await load.stop();
 */
export function keepAliveLoad(url: string, clients: number, headers: Record<string, string> = {}): KeepAliveLoad {
    const {hostname, port} = new URL(url);
    const stats: LoadStats = {requests: 0, failed: 0, non2xx: 0, closedByServer: 0, errors: [], bodies: new Set(), longestGapMs: 0};
    let running = true;
    let lastAnswer = performance.now();
    const client = async () => {
        while (running) {
            const connection = new KeepAliveConnection(hostname, Number(port));
            try {
                while (running) {
                    const answer = await connection.get(url, headers);
                    const now = performance.now();
                    stats.longestGapMs = Math.max(stats.longestGapMs, now - lastAnswer);
                    lastAnswer = now;
                    stats.requests++;
                    if (answer.status < 200 || answer.status > 299) stats.non2xx++;
                    else stats.bodies.add(answer.body.split(" ")[0]!);
                    if (answer.close) {
                        stats.closedByServer++;
                        break;
                    }
                }
            } catch (error) {
                stats.failed++;
                stats.errors.push((error as Error).message);
                await Bun.sleep(5);
            } finally {
                connection.end();
            }
        }
    };
    const done = Promise.all(Array.from({length: clients}, client));
    return {
        stats,
        stop: async () => {
            running = false;
            await done;
            return stats;
        },
    };
}

/** A whole answer: status, header fields (names in lower case), body, and whether the server closes after it. */
export interface Answer {
    status: number;
    headers: Record<string, string>;
    body: string;
    close: boolean;
}

/**
 * One HTTP/1.1 connection, one request at a time; an answer needs a Content-Length.
 * @example const answer = await new KeepAliveConnection("127.0.0.1", 3000).get("http://127.0.0.1:3000/");
 */
export class KeepAliveConnection {
    private readonly socket: Socket;
    private buffer = "";
    private waiting: {resolve: () => void; reject: (error: Error) => void} | undefined;
    private closed: Error | undefined;

    constructor(host: string, port: number) {
        this.socket = connect(port, host);
        this.socket.setEncoding("latin1");
        this.socket.on("data", (data: string) => {
            this.buffer += data;
            this.waiting?.resolve();
        });
        const close = (error?: Error) => {
            this.closed ??= error ?? new Error("connection closed by the server");
            this.waiting?.reject(this.closed);
        };
        this.socket.on("error", close);
        this.socket.on("close", () => close());
    }

    /** Sends a GET and reads its whole answer; rejects if the connection ends first, or after `timeoutMs` without it. */
    get(url: string, headers: Record<string, string> = {}, timeoutMs = 10_000): Promise<Answer> {
        return this.send("GET", url, "", headers, timeoutMs);
    }

    /**
     * Sends a request with an ASCII `body` (empty for none) and reads its whole answer, as `get` does.
     * @example const answer = await connection.send("POST", "http://127.0.0.1:3000/", "x".repeat(4096));
     */
    async send(method: string, url: string, body: string, headers: Record<string, string> = {}, timeoutMs = 10_000): Promise<Answer> {
        // A server that keeps a connection open without answering must count as a failure, not hang the load.
        const timer = setTimeout(() => {
            this.closed ??= new Error(`no answer within ${timeoutMs} ms`);
            this.waiting?.reject(this.closed);
            this.socket.destroy();
        }, timeoutMs);
        try {
            return await this.read(method, url, body ? {...headers, "content-length": String(body.length)} : headers, body);
        } finally {
            clearTimeout(timer);
        }
    }

    private async read(method: string, url: string, headers: Record<string, string>, body: string): Promise<Answer> {
        const {host, pathname, search} = new URL(url);
        const lines = Object.entries({host, ...headers}).map(([name, value]) => `${name}: ${value}\r\n`);
        this.socket.write(`${method} ${pathname}${search} HTTP/1.1\r\n${lines.join("")}\r\n${body}`);
        for (;;) {
            const head = this.buffer.indexOf("\r\n\r\n");
            if (head >= 0) {
                const [statusLine, ...headerLines] = this.buffer.slice(0, head).split("\r\n");
                const fields = Object.fromEntries(headerLines.map((line) => [line.slice(0, line.indexOf(":")).toLowerCase(), line.slice(line.indexOf(":") + 1).trim()]));
                const length = Number(fields["content-length"] ?? 0);
                if (this.buffer.length >= head + 4 + length) {
                    const body = this.buffer.slice(head + 4, head + 4 + length);
                    this.buffer = this.buffer.slice(head + 4 + length);
                    return {status: Number(statusLine!.split(" ")[1]), headers: fields, body, close: fields.connection?.toLowerCase() === "close"};
                }
            }
            if (this.closed) throw this.closed;
            await new Promise<void>((resolve, reject) => (this.waiting = {resolve, reject}));
            this.waiting = undefined;
        }
    }

    /** Resolves when the server has closed the connection. */
    get ended(): Promise<void> {
        return this.closed ? Promise.resolve() : new Promise((resolve) => this.socket.once("close", () => resolve()));
    }

    end(): void {
        this.socket.destroy();
    }
}
