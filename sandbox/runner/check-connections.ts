/**
 * The part of the check harness that holds long-lived connections open from the client's side:
 * a WebSocket (`h.socket`) or an event stream (`h.eventStream`) opened before an edit, and
 * expectations about what arrived on it and whether it is still the same open connection.
 * @module
 */
// The clients only, not the package's entry: this file is also bundled into the docs page.
import type {SocketClient, StreamClient} from "hot-harness/socket-client";
import type {LineLog} from "hot-harness";
import {sleep} from "./check-runtime.ts";
import type {LinePattern} from "./line-match.ts";
import {describePattern, matches} from "./line-match.ts";

/** What a connection needs of the harness: naming its steps, failing them, writing the transcript. */
export interface ConnectionSteps {
    begin(step: string): void;
    fail(message: string, expected?: string, actual?: string): never;
    note(line: string): void;
    readonly waitMs: number;
}

async function next(steps: ConnectionSteps, log: LineLog, pattern: LinePattern, what: string): Promise<string> {
    const deadline = Date.now() + steps.waitMs;
    for (;;) {
        for (let i = log.cursor; i < log.lines.length; i++) {
            if (!matches(log.lines[i]!, pattern)) continue;
            log.cursor = i + 1;
            return log.lines[i]!;
        }
        if (Date.now() > deadline) {
            return steps.fail(`expected ${what} matching ${describePattern(pattern)} within ${steps.waitMs} ms`, describePattern(pattern), log.lines.slice(log.cursor).join("\n") || "(nothing)");
        }
        await sleep(10);
    }
}

/** What a check reads events from: one response (StreamClient) or one that reconnects (ReconnectingStream). */
export type StreamReader = Pick<StreamClient, "events" | "received" | "close">;

/** A WebSocket held open by a check: `[name] > sent`, `[name] < received` in the transcript. */
export class CheckSocket {
    constructor(protected readonly steps: ConnectionSteps, readonly name: string, protected readonly client: SocketClient) {}

    /** Every message received so far, in order: for claims that count them. */
    get messages(): readonly string[] {
        return this.client.messages.lines;
    }

    send(text: string): void {
        this.steps.begin(`send ${JSON.stringify(text)} on ${this.name}`);
        this.steps.note(`[${this.name}] > ${text}`);
        this.client.send(text);
    }

    /** Waits for the next message that matches `pattern` (messages before it are skipped); records it. */
    async expectMessage(pattern: LinePattern): Promise<string> {
        this.steps.begin(`wait for a message ${describePattern(pattern)} on ${this.name}`);
        const message = await next(this.steps, this.client.messages, pattern, "a message");
        this.steps.note(`[${this.name}] < ${message}`);
        return message;
    }

    /** Claims, from the client's side, that this is still the connection opened at first. */
    expectOpen(): void {
        const claim = `${this.name}: still the same open connection`;
        this.steps.begin(claim);
        if (!this.client.open) this.steps.fail(`${claim}: not so`, "open", `closed ${JSON.stringify(this.client.ending)}`);
        this.steps.note(`= ${claim}`);
    }

    /** Waits for the server to close the socket, and checks the code (and the reason, when given). */
    async expectClosed(code: number, reason?: string | RegExp): Promise<void> {
        this.steps.begin(`wait for ${this.name} to close with ${code}`);
        const ending = await Promise.race([this.client.ended, sleep(this.steps.waitMs).then(() => undefined)]);
        if (!ending) return this.steps.fail(`${this.name} was not closed within ${this.steps.waitMs} ms`, `closed with ${code}`, "still open");
        const reasonOk = reason === undefined || (typeof reason === "string" ? ending.reason === reason : reason.test(ending.reason));
        if (ending.code !== code || !reasonOk) this.steps.fail(`${this.name} closed otherwise`, `${code} ${reason ?? ""}`.trim(), `${ending.code} ${ending.reason}`);
        this.steps.note(`[${this.name}] closed by the server: ${ending.code} ${ending.reason}`.trimEnd());
    }

    close(): void {
        this.client.close();
    }
}

/** An event stream held open by a check: `[name] < event: data` in the transcript. */
export class CheckStream {
    /** `ended`: whether the response first opened is over (ended, or replaced by a reconnection). */
    constructor(protected readonly steps: ConnectionSteps, readonly name: string, protected readonly client: StreamReader, private readonly ended: () => boolean) {}

    /** Waits for the next event whose data matches `pattern`; records its type and data. */
    async expectEvent(pattern: LinePattern): Promise<string> {
        this.steps.begin(`wait for an event ${describePattern(pattern)} on ${this.name}`);
        const data = await next(this.steps, this.client.events, pattern, "an event");
        const event = this.client.received.find((one) => one.data === data)!;
        this.steps.note(`[${this.name}] < ${event.event}: ${data}`);
        return data;
    }

    /** Claims, from the client's side, that the response is still being read: not ended, not reconnected. */
    expectOpen(): void {
        const claim = `${this.name}: still the same open response`;
        this.steps.begin(claim);
        if (this.ended()) this.steps.fail(`${claim}: not so`, "open", "the response ended");
        this.steps.note(`= ${claim}`);
    }

    close(): void {
        this.client.close();
    }
}

/**
 * Opens a WebSocket with `connect` (the runtime's) and records it as `shown` (its client's class);
 * fails the step if the server refuses it. `make` wraps the client (a resumable socket's own class).
 */
export async function openSocket<T extends CheckSocket>(steps: ConnectionSteps, connect: () => Promise<SocketClient>, path: string, name: string, shown: string, make: (client: SocketClient) => T): Promise<T> {
    steps.begin(`${shown} ${path}`);
    try {
        const client = await connect();
        steps.note(`$ ${shown} ${path}  ->  open${name === path ? "" : ` (${name})`}`);
        return make(client);
    } catch (error) {
        return steps.fail(`WebSocket ${path}: ${(error as Error).message}`);
    }
}

/**
 * Opens an event stream with `connect` (the runtime's) and records its first response; fails the
 * step if the answer is not a stream. `make` wraps the reader; `first` is its first response.
 */
export async function openStream<R, T extends CheckStream>(steps: ConnectionSteps, connect: () => Promise<R>, first: (reader: R) => StreamClient, path: string, name: string, make: (reader: R) => T): Promise<T> {
    steps.begin(`event stream ${path}`);
    try {
        const reader = await connect();
        const {response} = first(reader);
        steps.note(`$ GET ${path} (event stream)  ->  ${response.status}  ${response.headers.get("content-type")}${name === path ? "" : ` (${name})`}`);
        return make(reader);
    } catch (error) {
        return steps.fail(`event stream ${path}: ${(error as Error).message}`);
    }
}
