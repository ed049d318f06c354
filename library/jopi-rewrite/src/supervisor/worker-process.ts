import {spawn, type Subprocess} from "bun";
import {join, resolve} from "node:path";
import {isMessage, type SupervisorMessage} from "./protocol.ts";

const WORKER_ENTRY = join(import.meta.dir, "worker-entry.js");

/** How a worker's life ended, as the supervisor tells it. */
export type WorkerEnd = {code: number | null; signal: string | number | null};

/** Why a worker never became ready: it exited, or took too long; with the last lines it printed. */
export class StartFailure extends Error {
    constructor(message: string, readonly lastLines: string[]) {
        super(message);
    }
}

/** Why a worker may not start at all: its port is served by another app (see port-claim.ts). */
export class Refusal extends StartFailure {
    constructor(message: string) {
        super(message, []);
    }
}

export interface WorkerOptions {
    app: string;
    /** Whether to share ports already served by another app (`--join`) instead of refusing. */
    join: boolean;
    /** Printed before each of its lines, and given to the worker as JOPI_REWRITE_WORKER. */
    name: string;
    startTimeoutMs: number;
    drainTimeoutMs: number;
    say: (line: string) => void;
    /** Every other message of the worker (the session hand-over), for the supervisor. */
    onMessage?: (worker: WorkerProcess, message: unknown) => void;
}

const KEEP_LINES = 20;

/**
 * One `bun --hot` worker process: its output prefixed by its name, its readiness, its drain.
 * @example
 * const worker = new WorkerProcess({app: "app.ts", join: false, name: "worker 1", startTimeoutMs: 30_000, drainTimeoutMs: 10_000, say: console.log});
 * await worker.ready(); // or a StartFailure
 * await worker.drain();
 * @see https://jopi-rewrite.dev/docs/production
 */
export class WorkerProcess {
    readonly child: Subprocess<"ignore", "pipe", "pipe">;
    readonly ended: Promise<WorkerEnd>;
    /** The ports the worker answers on, once ready. */
    ports: number[] = [];
    draining = false;
    /** Its last lines of output, to show again when it fails to start. */
    readonly lastLines: string[] = [];
    private readyMessage = Promise.withResolvers<number[]>();
    private refused = Promise.withResolvers<string>();

    constructor(readonly options: WorkerOptions) {
        this.child = spawn([process.execPath, "--hot", "--no-clear-screen", WORKER_ENTRY, resolve(options.app)], {
            env: {
                ...process.env,
                JOPI_REWRITE_WORKER: options.name,
                JOPI_REWRITE_DRAIN_TIMEOUT_MS: String(options.drainTimeoutMs),
                JOPI_REWRITE_SUPERVISOR: String(process.pid),
                JOPI_REWRITE_APP: resolve(options.app),
                JOPI_REWRITE_JOIN: options.join ? "1" : "",
            },
            stdin: "ignore",
            stdout: "pipe",
            stderr: "pipe",
            serialization: "json",
            ipc: (message: unknown) => {
                if (isMessage(message, "ready")) this.readyMessage.resolve(Array.isArray(message.ports) ? message.ports : []);
                else if (isMessage(message, "refused")) this.refused.resolve(String(message.reason));
                else options.onMessage?.(this, message);
            },
        });
        const output = [this.relay(this.child.stdout, process.stdout), this.relay(this.child.stderr, process.stderr)];
        // Resolved once its output is fully relayed, so that its last words come before the supervisor's.
        this.ended = this.child.exited.then(async () => {
            await Promise.all(output);
            return {code: this.child.exitCode, signal: this.child.signalCode};
        });
    }

    get name(): string {
        return this.options.name;
    }

    /**
     * Resolves once the worker listens on its ports; throws a StartFailure if it exits or times out
     * first, a Refusal (the worker ended) if its port is served by another app.
     */
    async ready(): Promise<void> {
        const timeout = Bun.sleep(this.options.startTimeoutMs).then(() => "timeout" as const);
        const refused = this.refused.promise.then((reason) => new Refusal(reason));
        const result = await Promise.race([this.readyMessage.promise, refused, this.ended, timeout]);
        if (Array.isArray(result)) {
            this.ports = result;
            return;
        }
        if (result === "timeout") {
            this.kill();
            await this.ended;
            throw new StartFailure(`${this.name} did not listen within ${this.options.startTimeoutMs} ms (does the app call startServer()?)`, this.lastLines);
        }
        // The refusal is sent just before the worker exits, and may be read just after its exit.
        const refusal = result instanceof Refusal ? result : await Promise.race([refused, Bun.sleep(100)]);
        if (refusal) {
            this.kill();
            await this.ended;
            throw refusal;
        }
        throw new StartFailure(`${this.name} exited at start (${describeEnd(result as WorkerEnd)})`, this.lastLines);
    }

    /** Asks the worker to drain and waits for it to exit; kills it past the drain timeout and says so. */
    async drain(): Promise<void> {
        this.draining = true;
        if (this.child.exitCode !== null || this.child.signalCode !== null) return;
        // A worker that never listened has no connection to drain, and may not listen to messages yet.
        if (this.ports.length === 0) this.child.kill("SIGTERM");
        else this.child.send({type: "drain"} satisfies SupervisorMessage);
        const timeout = Bun.sleep(this.options.drainTimeoutMs).then(() => "timeout" as const);
        if ((await Promise.race([this.ended, timeout])) !== "timeout") return;
        this.options.say(`jopi-rewrite: ${this.name} was still draining after ${this.options.drainTimeoutMs} ms (requests or connections still open); killed it.`);
        this.kill();
        await this.ended;
    }

    kill(): void {
        this.child.kill("SIGKILL");
    }

    private async relay(stream: ReadableStream<Uint8Array>, to: NodeJS.WriteStream): Promise<void> {
        const decoder = new TextDecoder();
        let partial = "";
        const emit = (line: string) => {
            if (line.trim()) this.lastLines.push(line);
            if (this.lastLines.length > KEEP_LINES) this.lastLines.shift();
            to.write(`[${this.name}] ${line}\n`);
        };
        const reader = stream.getReader();
        for (let read = await reader.read(); !read.done; read = await reader.read()) {
            const lines = (partial + decoder.decode(read.value, {stream: true})).split("\n");
            partial = lines.pop()!;
            lines.forEach(emit);
        }
        if (partial) emit(partial);
    }
}

/**
 * How a process ended, in words.
 * @example describeEnd({code: 1, signal: null}); // "code 1"
 * @see https://jopi-rewrite.dev/docs/production
 */
export function describeEnd({code, signal}: WorkerEnd): string {
    return signal ? `signal ${signal}` : `code ${code}`;
}
