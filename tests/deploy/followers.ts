import {SocketClient, StreamClient} from "hot-harness";

// The test's certificate is self-signed: with `selfSigned`, the clients accept it.
const tls = (selfSigned: boolean) => (selfSigned ? {tls: {rejectUnauthorized: false}} : {});

/** How a follower's connections went: why each ended, and how often it came back. */
export interface Followed {
    /** The close code of each WebSocket the server ended, or the `retry` of each stream it ended. */
    endings: number[];
    reconnects: number;
}

/**
 * A WebSocket client that does what a page should: when the server closes with 1012 (Service
 * Restart) or 1001 (going away), it opens a new socket, which reaches a worker that is not leaving.
 */
export class SocketFollower implements Followed {
    endings: number[] = [];
    reconnects = 0;
    private stopped = false;

    private constructor(private readonly connect: () => Promise<SocketClient>, public socket: SocketClient) {
        void this.follow();
    }

    static async open(url: string, headers: Record<string, string>, selfSigned = false): Promise<SocketFollower> {
        const connect = () => SocketClient.connect(url, headers, new WebSocket(url, {headers, ...tls(selfSigned)} as unknown as string[]));
        return new SocketFollower(connect, await connect());
    }

    private async follow(): Promise<void> {
        for (;;) {
            const {code} = await this.socket.ended;
            if (this.stopped) return;
            this.endings.push(code);
            if (code !== 1012 && code !== 1001) return;
            this.socket = await reconnect(this.connect);
            this.reconnects++;
        }
    }

    /** Sends `text` on the current socket and waits for its echo. */
    ask(text: string): Promise<string> {
        return this.socket.ask(text, text, 5_000);
    }

    close(): void {
        this.stopped = true;
        this.socket.close();
    }
}

/**
 * An event-stream client that does what EventSource does: when the server ends the stream, it
 * waits the `retry` the server sent, then opens it again with the last event id.
 */
export class StreamFollower implements Followed {
    endings: number[] = [];
    reconnects = 0;
    private stopped = false;

    private constructor(private readonly connect: (lastId: string) => Promise<StreamClient>, public stream: StreamClient) {
        void this.follow();
    }

    static async open(url: string, headers: Record<string, string>, selfSigned = false): Promise<StreamFollower> {
        const connect = (lastId: string) =>
            StreamClient.connect(url, lastId ? {...headers, "last-event-id": lastId} : headers, (to, init) => fetch(to, {...init, ...tls(selfSigned)}));
        return new StreamFollower(connect, await connect(""));
    }

    private async follow(): Promise<void> {
        for (;;) {
            await this.stream.ended;
            if (this.stopped) return;
            const retry = this.stream.retry ?? 3_000;
            this.endings.push(retry);
            await Bun.sleep(retry);
            const lastId = this.stream.lastId;
            this.stream = await reconnect(() => this.connect(lastId));
            this.reconnects++;
        }
    }

    /** The data of the next event on the current stream that matches `pattern`. */
    next(pattern: RegExp): Promise<string> {
        return this.stream.events.waitFor(pattern, {timeoutMs: 5_000});
    }

    close(): void {
        this.stopped = true;
        this.stream.close();
    }
}

// A connection refused while nginx or the workers change hands is tried again, for 10 s at most.
async function reconnect<T>(open: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + 10_000;
    for (;;) {
        try {
            return await open();
        } catch (error) {
            if (Date.now() > deadline) throw error;
            await Bun.sleep(100);
        }
    }
}
