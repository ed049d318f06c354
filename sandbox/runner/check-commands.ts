/**
 * The part of the check harness that runs the example the way a reader runs it in production:
 * a command (`jopi-rewrite serve ...`) instead of `bun --hot`, signals to it, a second command
 * beside it (`jopi-rewrite restart`), keep-alive load from another client, and its exit code.
 * @module
 */
import {BUN, keepAliveLoad, REPO_ROOT, startHot, type HotProcess, type KeepAliveLoad} from "hot-harness";
import {join} from "node:path";
import {CheckFiles, type CheckTarget} from "./check-files.ts";
import {COMMANDS} from "./index-file.ts";
import type {LinePattern} from "./line-match.ts";

// The commands a check may run, found as `npx` finds them.
const BIN = join(REPO_ROOT, "node_modules/.bin");

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Commands, signals, load and exit; see Check for the whole harness. */
export class CheckCommands extends CheckFiles {
    readonly url: string;

    constructor(target: CheckTarget, readonly port: number, waitMs: number) {
        super(target, waitMs);
        this.url = `http://127.0.0.1:${port}`;
        this.transcript.normalize(new RegExp(`\\b${port}\\b`), "<port>");
    }

    /** Starts the program on a copy of the example's files, with PORT set; `args` after `entry`. */
    protected launch(shown: string, entry: string, args: string[], mode: "--hot" | "none"): HotProcess {
        this.transcript.add(`$ ${shown}`);
        const app = startHot({files: this.target.files, entry, args, mode, env: {PORT: String(this.port)}});
        this.app = app;
        app.exited.then((code) => (this.exitCode = code));
        this.transcript.normalize(new RegExp(escape(app.dir), "g"), "<dir>");
        return app;
    }

    /** The argv of a command line such as `jopi-rewrite serve index.ts`, its program found as npx would. */
    private argv(command: string): string[] {
        const [name, ...args] = command.split(" ");
        if (!COMMANDS.includes(name!)) this.fail(`the harness runs only ${COMMANDS.join(", ")}, not ${JSON.stringify(name)}`);
        return [join(BIN, name!), ...args];
    }

    /**
     * Starts the example with its command from examples.json (`jopi-rewrite serve index.ts`), which
     * keeps running, and waits for its `ready` line: the page shows the same command.
     */
    async startCommand(options: {ready: LinePattern; timeoutMs?: number}): Promise<string> {
        const command = this.target.command ?? this.fail('the example has no "command" in examples.json; start it with h.start()');
        this.begin(`start ${command}`);
        const [program, ...args] = this.argv(command);
        this.launch(command, program!, args, "none");
        return this.readLine(options.ready, {timeoutMs: options.timeoutMs});
    }

    /** Runs a command to its end in the example's folder, beside the running program; records its output. */
    async run(command: string, options: {record?: boolean} = {}): Promise<{code: number; lines: string[]}> {
        this.begin(`run ${command}`);
        if (!this.app) this.fail("start the example before running a command beside it");
        this.transcript.add(`$ ${command}`);
        const child = Bun.spawn([BUN, ...this.argv(command)], {cwd: this.app.dir, stdout: "pipe", stderr: "pipe", env: {...process.env, NO_COLOR: "1"}});
        const timer = setTimeout(() => child.kill("SIGKILL"), this.waitMs * 2);
        const [out, err, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
        clearTimeout(timer);
        const lines = (out + err).split("\n").filter((line) => line !== "");
        if (options.record !== false) lines.forEach((line) => this.transcript.add(`  ${line}`));
        this.transcript.add(`  (exit code ${code})`);
        return {code, lines};
    }

    /** Sends a signal to the program (for `jopi-rewrite serve`: the supervisor). */
    signal(signal: NodeJS.Signals, why: string): void {
        this.begin(`send ${signal}`);
        if (!this.app) this.fail("start the example before sending it a signal");
        this.transcript.add(`~ kill -${signal.replace(/^SIG/, "")} (${why})`);
        process.kill(this.app.child.pid, signal);
    }

    /** Waits for the program to exit by itself; fails unless with `code`. */
    async expectExit(code: number): Promise<void> {
        this.begin(`wait for exit code ${code}`);
        const timeout = Bun.sleep(this.waitMs * 2).then(() => "still running" as const);
        const actual = await Promise.race([this.app!.exited, timeout]);
        if (actual !== code) this.fail(`expected the program to exit with code ${code}`, `exit code ${code}`, typeof actual === "number" ? `exit code ${actual}` : actual);
        this.transcript.add(`= exited with code ${code}`);
    }

    /** Starts `clients` keep-alive clients requesting `path` in a loop, each lost request counted. */
    load(path: string, clients: number): KeepAliveLoad {
        this.begin(`load ${path}`);
        this.transcript.add(`> ${clients} keep-alive clients request GET ${path} in a loop`);
        return keepAliveLoad(this.url + path, clients);
    }
}
