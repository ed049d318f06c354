/**
 * What an example's check.ts is given: the example running under `bun --hot` on a copy, and
 * steps that act on it (requests, edits) or expect something of it (lines, counts, values).
 * Each step records transcript lines; a failed expectation names the step, the line of check.ts
 * and what was expected against what happened.
 *
 * The steps come in layers, one file each: check-steps.ts (steps, claims, transcript rules),
 * check-output.ts (lines printed), check-files.ts (edits), check-commands.ts (a command such as
 * `jopi-rewrite serve` instead of `bun --hot`, signals, load, exit code), check-connections.ts
 * (WebSockets and event streams held open), and here: start and requests. Where the program runs
 * is the runtime's business (check-runtime.ts): `bun --hot` for CI and the transcripts, a Worker
 * in the docs page for its "Replay the check"; the transcript is the same.
 *
 * @example
 * export default async (h: Check) => {
 *     await h.start();
 *     (await h.get("/")).expectBody("Is request #0");
 *     await h.edit("index.ts", (src) => src.replace("#", "number "), "reword the page");
 * };
 * @module
 */
import {CheckCommands} from "./check-commands.ts";
import type {CheckTarget, EditOptions} from "./check-files.ts";
import {CheckResponse} from "./check-response.ts";
import {waitForLine, type LinePattern} from "./line-match.ts";
import type {Answer, RunningProgram, StartedService} from "./check-runtime.ts";
import {CheckSocket, CheckStream, openSocket, openStream, type ConnectionSteps} from "./check-connections.ts";
import {FollowedStream, Losses, SessionSocket} from "./check-sessions.ts";

export type {CheckResponse, CheckSocket, CheckStream, CheckTarget, EditOptions, FollowedStream, LinePattern, SessionSocket};

export interface RequestOptions {
    headers?: Record<string, string>;
    /** `2` asks the second worker (see `startSecondWorker`). */
    worker?: 1 | 2;
    /** Response headers to write in the transcript. */
    show?: string[];
    /** `false` leaves the request out of the transcript. */
    record?: boolean;
}

/** The check harness: see the module's description. */
export class Check extends CheckCommands {
    #redis: StartedService | undefined;
    #second: {app: RunningProgram; url: string} | undefined;
    readonly #connections: {close(): void}[] = [];

    /**
     * Starts the example under `bun --hot` (or the page's stand-in), with PORT set, and waits for its `ready` line
     * ("Website started" by default), which it returns. `reloadLine` is what edits wait for.
     */
    async start(options: {ready?: LinePattern; reloadLine?: LinePattern} = {}): Promise<string> {
        this.begin(`start ${this.target.entry}`);
        if (options.reloadLine) this.reloadLine = options.reloadLine;
        this.launch(`bun --hot ${this.target.entry}`, {entry: this.target.entry});
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
        const redis = await this.machine("start redis-server").startRedis();
        this.#redis = redis;
        this.env.REDIS_URL = redis.url;
        this.transcript.normalize(new RegExp(`\\b${redis.port}\\b`), "<redis-port>");
        this.transcript.add(`$ redis-server --port ${redis.port} --save "" --appendonly no`);
        return redis.url;
    }

    /** Starts a second copy of the example on another port, as a second worker; `{worker: 2}` asks it. */
    async startSecondWorker(): Promise<void> {
        this.begin("start a second worker");
        const port = await this.machine("start a second worker").freePort();
        this.transcript.normalize(new RegExp(`\\b${port}\\b`), "<port 2>");
        this.transcript.add(`$ PORT=${port} bun --hot ${this.target.entry}   (a second worker)`);
        const app = this.runtime.start({files: {...this.target.files}, entry: this.target.entry, env: {...this.env, PORT: String(port)}});
        this.#second = {app, url: `http://127.0.0.1:${port}`};
        let exited = false;
        app.exited.then(() => (exited = true));
        const found = await waitForLine(app.stdout.lines, /^Website started: /, 0, this.waitMs, () => exited);
        if (typeof found !== "number") this.fail(`the second worker did not start within ${this.waitMs} ms`, "Website started: ...", app.stderr.lines.join("\n") || "(nothing on stderr)");
    }

    /** Sends a request; records it and its answer unless `record: false`. A body object is sent as JSON. */
    async request(method: string, path: string, body?: string | object, options: RequestOptions = {}): Promise<CheckResponse> {
        const second = options.worker === 2 ? this.#second : undefined;
        if (options.worker === 2 && !second) this.fail(`${method} ${path}: {worker: 2} needs h.startSecondWorker() first`);
        const name = `${method} ${path}${second ? "   (second worker)" : ""}`;
        this.begin(name);
        const sent = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
        let res: Answer;
        try {
            res = await this.runtime.send((second?.url ?? this.url) + path, {method, body: sent, headers: options.headers, timeoutMs: this.waitMs});
        } catch (error) {
            this.fail(`${name}: no answer within ${this.waitMs} ms (${(error as Error).message})`);
        }
        const response = new CheckResponse(name, res.status, res.headers, res.raw, res.body, (stack, message, expected, actual) => {
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

    /**
     * Opens a WebSocket to the example and holds it open; `name` labels its lines in the transcript.
     * `{resume: true}` opens it with jopi-rewrite/client's ResumableWebSocket, which comes back with
     * its session after a restart (`expectAway`, `expectRecovered`).
     */
    async socket(path: string, name?: string): Promise<CheckSocket>;
    async socket(path: string, name: string, options: {resume: true}): Promise<SessionSocket>;
    async socket(path: string, name = path, options: {resume?: boolean} = {}): Promise<CheckSocket> {
        const url = `ws://127.0.0.1:${this.port}${path}`;
        const steps = this.connectionSteps();
        const losses = new Losses();
        const socket = options.resume
            ? await openSocket(steps, () => this.runtime.openSocket(url, {resume: {onLost: losses.onLost}}), path, name, "ResumableWebSocket", (client) => new SessionSocket(steps, name, client, losses))
            : await openSocket(steps, () => this.runtime.openSocket(url), path, name, "WebSocket", (client) => new CheckSocket(steps, name, client));
        this.#connections.push(socket);
        return socket;
    }

    /**
     * Opens an event stream (Server-Sent Events) to the example and reads it; `name` labels its lines.
     * `{reconnect: true}` reads it as a browser's EventSource does: when it ends, it reconnects with
     * Last-Event-ID (`expectResumed`, `expectNumbered`).
     */
    async eventStream(path: string, name?: string): Promise<CheckStream>;
    async eventStream(path: string, name: string, options: {reconnect: true}): Promise<FollowedStream>;
    async eventStream(path: string, name = path, options: {reconnect?: boolean} = {}): Promise<CheckStream> {
        const steps = this.connectionSteps();
        const stream = options.reconnect
            ? await openStream(steps, () => this.runtime.followStream(this.url + path), (reader) => reader.connection!, path, name, (reader) => new FollowedStream(steps, name, reader))
            : await openStream(steps, () => this.runtime.openStream(this.url + path), (client) => client, path, name, (client) => new CheckStream(steps, name, client, () => client.finished));
        this.#connections.push(stream);
        return stream;
    }

    private connectionSteps(): ConnectionSteps {
        return {
            begin: (step) => this.begin(step),
            fail: (message, expected, actual) => this.fail(message, expected, actual),
            note: (line) => this.note(line),
            waitMs: this.waitMs,
        };
    }

    /** Ends the example (under Bun: its whole process group, and its copy), and what it started. Called by the runner. */
    async stop(): Promise<void> {
        this.stopped = true;
        for (const connection of this.#connections) connection.close();
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
