/**
 * What an example's check.ts is given: the example running under `bun --hot` on a copy, and
 * steps that act on it (requests, edits) or expect something of it (lines, counts, values).
 * Each step records transcript lines; a failed expectation names the step, the line of check.ts
 * and what was expected against what happened.
 *
 * The steps come in layers, one file each: check-steps.ts (steps, claims, transcript rules),
 * check-output.ts (lines printed), check-files.ts (edits), check-connections.ts (WebSockets and
 * event streams held open), and here: start and requests.
 *
 * @example
 * export default async (h: Check) => {
 *     await h.start();
 *     (await h.get("/")).expectBody("Is request #0");
 *     await h.edit("index.ts", (src) => src.replace("#", "number "), "reword the page");
 * };
 * @module
 */
import {freePort, RedisServer, startHot, type HotProcess} from "hot-harness";
import {CheckSocket, CheckStream, openSocket, openStream, type ConnectionSteps} from "./check-connections.ts";
import {CheckFiles, type CheckTarget, type EditOptions} from "./check-files.ts";
import {CheckResponse} from "./check-response.ts";
import type {LinePattern} from "./line-match.ts";

export type {CheckResponse, CheckSocket, CheckStream, CheckTarget, EditOptions, LinePattern};

export interface RequestOptions {
    headers?: Record<string, string>;
    /** Response headers to write in the transcript. */
    show?: string[];
    /** `false` leaves the request out of the transcript. */
    record?: boolean;
    /** 2 sends it to the second worker (see `startSecondWorker`). */
    worker?: 1 | 2;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The check harness: see the module's description. */
export class Check extends CheckFiles {
    readonly url: string;
    #env: Record<string, string> = {};
    #redis: RedisServer | undefined;
    #second: {app: HotProcess; url: string} | undefined;

    constructor(target: CheckTarget, readonly port: number, waitMs = 5_000) {
        super(target, waitMs);
        this.url = `http://127.0.0.1:${port}`;
        this.transcript.normalize(new RegExp(`\\b${port}\\b`), "<port>");
    }

    /**
     * Starts the example under `bun --hot`, with PORT set, and waits for its `ready` line
     * ("Website started" by default), which it returns. `reloadLine` is what edits wait for.
     */
    async start(options: {ready?: LinePattern; reloadLine?: LinePattern} = {}): Promise<string> {
        this.begin(`start ${this.target.entry}`);
        if (options.reloadLine) this.reloadLine = options.reloadLine;
        this.transcript.add(`$ bun --hot ${this.target.entry}`);
        const app = startHot({files: this.target.files, entry: this.target.entry, env: {...this.#env, PORT: String(this.port)}});
        this.app = app;
        app.exited.then((code) => (this.exitCode = code));
        this.transcript.normalize(new RegExp(escape(app.dir), "g"), "<dir>");
        return this.readLine(options.ready ?? /^Website started: /);
    }

    /** Stops the program (as Ctrl-C would) and starts it again from its files as they are now. */
    async restart(options: {ready?: LinePattern; reloadLine?: LinePattern} = {}): Promise<string> {
        this.begin("restart");
        this.transcript.add("~ stop the program (Ctrl-C)");
        await this.app?.stop();
        this.resetOutput();
        return this.start(options);
    }

    /**
     * Starts a redis-server of the example's own (on a free port, nothing persisted; installed with
     * apt when missing, as the tests do) and gives the example its address as REDIS_URL. It is
     * stopped with the example.
     */
    async startRedis(): Promise<string> {
        this.begin("start redis-server");
        const redis = await RedisServer.start();
        this.#redis = redis;
        this.#env.REDIS_URL = redis.url;
        this.transcript.normalize(new RegExp(`\\b${redis.port}\\b`), "<redis-port>");
        this.transcript.add(`$ redis-server --port ${redis.port} --save "" --appendonly no`);
        return redis.url;
    }

    /** Starts a second copy of the example on another port, as a second worker; `{worker: 2}` asks it. */
    async startSecondWorker(): Promise<void> {
        this.begin("start a second worker");
        const port = await freePort();
        this.transcript.normalize(new RegExp(`\\b${port}\\b`), "<port 2>");
        this.transcript.add(`$ PORT=${port} bun --hot ${this.target.entry}   (a second worker)`);
        const app = startHot({files: this.target.files, entry: this.target.entry, env: {...this.#env, PORT: String(port)}});
        this.#second = {app, url: `http://127.0.0.1:${port}`};
        try {
            await app.stdout.waitFor(/^Website started: /, {timeoutMs: this.waitMs});
        } catch (error) {
            this.fail(`the second worker did not start: ${(error as Error).message}`);
        }
    }

    /** Sends a request; records it and its answer unless `record: false`. A body object is sent as JSON. */
    async request(method: string, path: string, body?: string | object, options: RequestOptions = {}): Promise<CheckResponse> {
        const second = options.worker === 2 ? this.#second : undefined;
        if (options.worker === 2 && !second) this.fail(`${method} ${path}: {worker: 2} needs h.startSecondWorker() first`);
        const name = `${method} ${path}${second ? "   (second worker)" : ""}`;
        this.begin(name);
        const sent = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
        let res: Response;
        try {
            const init = {method, body: sent, headers: options.headers, decompress: false, signal: AbortSignal.timeout(this.waitMs)};
            res = await fetch((second?.url ?? this.url) + path, init);
        } catch (error) {
            this.fail(`${name}: no answer within ${this.waitMs} ms (${(error as Error).message})`);
        }
        const raw = new Uint8Array(await res.arrayBuffer());
        const response = new CheckResponse(name, res.status, res.headers, raw, (stack, message, expected, actual) => {
            this.step = name;
            return this.fail(message, expected, actual, stack);
        });
        if (options.record !== false) this.transcript.add(response.describe(options.headers ?? {}, options.show ?? [], sent).join("\n"));
        return response;
    }

    get(path: string, options?: RequestOptions): Promise<CheckResponse> {
        return handled(this.request("GET", path, undefined, options));
    }

    post(path: string, body: string | object, options?: RequestOptions): Promise<CheckResponse> {
        return handled(this.request("POST", path, body, options));
    }

    /** Opens a WebSocket to the example and holds it open; `name` labels its lines in the transcript. */
    async socket(path: string, name = path): Promise<CheckSocket> {
        const socket = await openSocket(this.connectionSteps(), `ws://127.0.0.1:${this.port}${path}`, path, name);
        this.connections.push(socket);
        return socket;
    }

    /** Opens an event stream (Server-Sent Events) to the example and reads it; `name` labels its lines. */
    async eventStream(path: string, name = path): Promise<CheckStream> {
        const stream = await openStream(this.connectionSteps(), this.url + path, path, name);
        this.connections.push(stream);
        return stream;
    }

    private readonly connections: {close(): void}[] = [];

    private connectionSteps(): ConnectionSteps {
        return {
            begin: (step) => this.begin(step),
            fail: (message, expected, actual) => this.fail(message, expected, actual),
            note: (line) => this.note(line),
            waitMs: this.waitMs,
        };
    }

    /** Ends the example's whole process group and removes its copy. Called by the runner. */
    async stop(): Promise<void> {
        this.stopped = true;
        for (const connection of this.connections) connection.close();
        await this.app?.stop();
        await this.#second?.app.stop();
        await this.#redis?.stop();
    }
}

// A request a check sends without awaiting it at once (one in flight during a reload) must not
// become an unhandled rejection if the check fails before awaiting it.
function handled<T>(promise: Promise<T>): Promise<T> {
    promise.catch(() => {});
    return promise;
}
