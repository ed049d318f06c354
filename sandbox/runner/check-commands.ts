/**
 * The part of the check harness that runs the example the way a reader runs it in production:
 * a command (`jopi-rewrite serve ...`) instead of `bun --hot`, signals to it, a second command
 * beside it (`jopi-rewrite restart`), keep-alive load from another client, and its exit code.
 * All of it goes through the runtime's machine services (check-runtime.ts): the page has none,
 * and an example that needs them is marked `notInPage` in examples.json.
 * @module
 */
import {CheckFiles, type CheckTarget} from "./check-files.ts";
import {COMMANDS} from "./example-commands.ts";
import type {LinePattern} from "./line-match.ts";
import {sleep, type CheckRuntime, type LoadClients, type MachineServices, type StartRequest} from "./check-runtime.ts";

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Commands, signals, load and exit; see Check for the whole harness. */
export class CheckCommands extends CheckFiles {
    readonly url: string;
    /** Environment variables every program the check starts gets (REDIS_URL, ...). */
    protected readonly env: Record<string, string> = {};

    constructor(target: CheckTarget, readonly port: number, waitMs: number, protected readonly runtime: CheckRuntime) {
        super(target, waitMs);
        this.url = `http://127.0.0.1:${port}`;
        this.transcript.normalize(new RegExp(`\\b${port}\\b`), "<port>");
    }

    /** Starts the program on a copy of the example's files, with PORT set; `args` after `entry`. */
    protected launch(shown: string, start: Pick<StartRequest, "entry" | "args" | "mode">): void {
        this.transcript.add(`$ ${shown}`);
        const app = this.runtime.start({files: {...this.target.files}, ...start, env: {...this.env, PORT: String(this.port)}});
        this.app = app;
        app.exited.then((code) => (this.exitCode = code));
        if (app.dir) this.transcript.normalize(new RegExp(escape(app.dir), "g"), "<dir>");
    }

    /** What only a machine has (processes, ports, servers); the page's runtime has none. */
    protected machine(step: string): MachineServices {
        return this.runtime.machine ?? this.fail(`${step}: this runtime has no processes or ports of its own; mark the example notInPage in examples.json`);
    }

    /** The argv of a command line such as `jopi-rewrite serve index.ts`, its program found as npx would. */
    private argv(command: string): string[] {
        const [name, ...args] = command.split(" ");
        if (!COMMANDS.includes(name!)) this.fail(`the harness runs only ${COMMANDS.join(", ")}, not ${JSON.stringify(name)}`);
        return [this.machine(`run ${command}`).commandPath(name!), ...args];
    }

    /**
     * Starts the example with its command from examples.json (`jopi-rewrite serve index.ts`), which
     * keeps running, and waits for its `ready` line: the page shows the same command.
     */
    async startCommand(options: {ready: LinePattern; timeoutMs?: number}): Promise<string> {
        const command = this.target.command ?? this.fail('the example has no "command" in examples.json; start it with h.start()');
        this.begin(`start ${command}`);
        const [program, ...args] = this.argv(command);
        this.launch(command, {entry: program!, args, mode: "none"});
        return this.readLine(options.ready, {timeoutMs: options.timeoutMs});
    }

    /** Runs a command to its end in the example's folder, beside the running program; records its output. */
    async run(command: string, options: {record?: boolean} = {}): Promise<{code: number; lines: string[]}> {
        this.begin(`run ${command}`);
        const dir = this.app?.dir ?? this.fail("start the example before running a command beside it");
        this.transcript.add(`$ ${command}`);
        const {code, lines} = await this.machine(`run ${command}`).run(this.argv(command), dir, this.waitMs * 2);
        if (options.record !== false) lines.forEach((line) => this.transcript.add(`  ${line}`));
        this.transcript.add(`  (exit code ${code})`);
        return {code, lines};
    }

    /** Sends a signal to the program (for `jopi-rewrite serve`: the supervisor). */
    signal(signal: NodeJS.Signals, why: string): void {
        this.begin(`send ${signal}`);
        const app = this.app ?? this.fail("start the example before sending it a signal");
        this.transcript.add(`~ kill -${signal.replace(/^SIG/, "")} (${why})`);
        this.machine(`send ${signal}`).signal(app, signal);
    }

    /** Waits for the program to exit by itself; fails unless with `code`. */
    async expectExit(code: number): Promise<void> {
        this.begin(`wait for exit code ${code}`);
        const timeout = sleep(this.waitMs * 2).then(() => "still running" as const);
        const actual = await Promise.race([this.app!.exited, timeout]);
        if (actual !== code) this.fail(`expected the program to exit with code ${code}`, `exit code ${code}`, typeof actual === "number" ? `exit code ${actual}` : actual);
        this.transcript.add(`= exited with code ${code}`);
    }

    /** Starts `clients` keep-alive clients requesting `path` in a loop, each lost request counted. */
    load(path: string, clients: number): LoadClients {
        this.begin(`load ${path}`);
        this.transcript.add(`> ${clients} keep-alive clients request GET ${path} in a loop`);
        return this.machine(`load ${path}`).load(this.url + path, clients);
    }
}
