/**
 * Where a check's program runs: a real `bun --hot` process (bun-runtime.ts, what CI and the
 * transcripts use) or a Worker in the docs page (the page's "Replay the check"). The harness
 * (check-harness.ts and the files below it) only speaks to these interfaces, so one check.ts
 * drives both and writes the same transcript.
 * @module
 */
// The clients only, not hot-harness's entry: this file is also bundled into the docs page.
import type {SocketClient, StreamClient} from "hot-harness/socket-client";
import type {ReconnectingStream} from "hot-harness/reconnecting-stream";

/** A program started by a runtime: its output line by line, its files, its end. */
export interface RunningProgram {
    readonly stdout: {readonly lines: readonly string[]};
    readonly stderr: {readonly lines: readonly string[]};
    /** Resolves with the exit code if the program ends by itself. */
    readonly exited: Promise<number>;
    /** A folder its output may print, replaced by `<dir>` in transcripts; none in the page. */
    readonly dir?: string;
    /** Its process id, where it is a process. */
    readonly pid?: number;
    /** Writes a file in one step, as an editor's save. */
    write(path: string, content: string): void;
    /** Deletes a file, or a folder when `path` ends with "/". */
    remove(path: string): void;
    /** Ends it for good: no timer, no output, no server left. */
    stop(): Promise<unknown>;
}

/** An answer as it came back: the raw body (still compressed if it was) and the decoded one. */
export interface Answer {
    status: number;
    headers: Headers;
    raw: Uint8Array<ArrayBuffer>;
    body: Uint8Array;
}

export interface StartRequest {
    files: Record<string, string>;
    entry: string;
    env: Record<string, string>;
    /** Arguments after the entry. */
    args?: string[];
    /** `"none"` runs the entry as a program of its own (a package's command), not under `bun --hot`. */
    mode?: "--hot" | "none";
}

export interface SendRequest {
    method: string;
    headers?: Record<string, string>;
    body?: string;
    timeoutMs: number;
}

/** A server a check started beside its program (a Redis), stopped with it. */
export interface StartedService {
    readonly url: string;
    readonly port: number;
    stop(): Promise<unknown>;
}

/** Keep-alive clients requesting one URL in a loop, every lost request counted. */
export interface LoadClients {
    stop(): Promise<{requests: number; failed: number; non2xx: number}>;
}

/** How a check's WebSocket connects. */
export interface SocketOptions {
    /**
     * Connect with `ResumableWebSocket` (jopi-rewrite/client), which comes back after a restart
     * with its session; `onLost` hears each of its connections end, before the client reacts.
     */
    resume?: {onLost(code: number, reason: string): void};
}

/** What only a real machine gives a check: more ports, servers and commands beside the program, signals. */
export interface MachineServices {
    freePort(): Promise<number>;
    startRedis(): Promise<StartedService>;
    /** Where a package's command (its `bin`) is, as npx finds it. */
    commandPath(name: string): string;
    /** Runs a command to its end in `cwd`: its output lines and exit code; killed after `timeoutMs`. */
    run(argv: string[], cwd: string, timeoutMs: number): Promise<{code: number; lines: string[]}>;
    /** Sends a signal to a program this runtime started. */
    signal(program: RunningProgram, signal: NodeJS.Signals): void;
    load(url: string, clients: number): LoadClients;
}

/** One way of running programs and reaching them. */
export interface CheckRuntime {
    start(request: StartRequest): RunningProgram;
    /** Sends a request to `url` (the program's port); rejects when nothing answers in time. */
    send(url: string, request: SendRequest): Promise<Answer>;
    /** Opens a WebSocket to `url` (ws://, the program's port); rejects if it is refused. */
    openSocket(url: string, options?: SocketOptions): Promise<SocketClient>;
    /** Opens an event stream at `url` and reads it as it comes; rejects if the answer is not one. */
    openStream(url: string): Promise<StreamClient>;
    /** Reads the event stream at `url` as a browser's EventSource does: reconnecting with Last-Event-ID when it ends. */
    followStream(url: string): Promise<ReconnectingStream>;
    /** Absent in the page: examples that need it are marked `notInPage` in examples.json. */
    readonly machine?: MachineServices;
}

/**
 * A pause that needs no runtime: the harness runs in Bun and in browsers.
 *
 * @example await sleep(200);
 */
export function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
}
