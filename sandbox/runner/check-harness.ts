/**
 * What an example's check.ts is given: the example running under `bun --hot` on a copy, and
 * steps that act on it (requests, edits) or expect something of it (lines, counts, values).
 * Each step records transcript lines; a failed expectation names the step, the line of check.ts
 * and what was expected against what happened.
 *
 * The steps come in layers, one file each: check-steps.ts (steps, claims, transcript rules),
 * check-output.ts (lines printed), check-files.ts (edits), check-commands.ts (a command such as
 * `jopi-rewrite serve` instead of `bun --hot`, signals, load, exit code), and here: start and requests.
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
import type {LinePattern} from "./line-match.ts";

export type {CheckResponse, CheckTarget, EditOptions, LinePattern};

export interface RequestOptions {
    headers?: Record<string, string>;
    /** Response headers to write in the transcript. */
    show?: string[];
    /** `false` leaves the request out of the transcript. */
    record?: boolean;
}

/** The check harness: see the module's description. */
export class Check extends CheckCommands {
    constructor(target: CheckTarget, port: number, waitMs = 5_000) {
        super(target, port, waitMs);
    }

    /**
     * Starts the example under `bun --hot`, with PORT set, and waits for its `ready` line
     * ("Website started" by default), which it returns. `reloadLine` is what edits wait for.
     */
    async start(options: {ready?: LinePattern; reloadLine?: LinePattern} = {}): Promise<string> {
        this.begin(`start ${this.target.entry}`);
        if (options.reloadLine) this.reloadLine = options.reloadLine;
        this.launch(`bun --hot ${this.target.entry}`, this.target.entry, [], "--hot");
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

    /** Sends a request; records it and its answer unless `record: false`. A body object is sent as JSON. */
    async request(method: string, path: string, body?: string | object, options: RequestOptions = {}): Promise<CheckResponse> {
        const name = `${method} ${path}`;
        this.begin(name);
        const sent = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
        let res: Response;
        try {
            const init = {method, body: sent, headers: options.headers, decompress: false, signal: AbortSignal.timeout(this.waitMs)};
            res = await fetch(this.url + path, init);
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

    /** Ends the example's whole process group and removes its copy. Called by the runner. */
    async stop(): Promise<void> {
        this.stopped = true;
        await this.app?.stop();
    }
}

// A request a check sends without awaiting it at once (one in flight during a reload) must not
// become an unhandled rejection if the check fails before awaiting it.
function handled<T>(promise: Promise<T>): Promise<T> {
    promise.catch(() => {});
    return promise;
}
