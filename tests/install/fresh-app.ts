/**
 * A user's app in a folder of its own, outside the repository: the commands a user types, run in
 * it, and the programs it starts, each in its own process group, ended with the group.
 * @module
 */
import {spawn, type Subprocess} from "bun";
import {mkdirSync, renameSync, writeFileSync} from "node:fs";
import {dirname, join, resolve} from "node:path";
import {LineLog} from "hot-harness";

/** The folder of the repository's `bun`, `tsc` and `node_modules/.bin`, put first on the app's PATH. */
export const REPO_BIN = resolve(import.meta.dir, "../../node_modules/.bin");

/** A program started in the app, with its output collected line by line. */
export interface Started {
    readonly child: Subprocess<"ignore", "pipe", "pipe">;
    readonly stdout: LineLog;
    readonly stderr: LineLog;
    /** Resolves when both outputs have ended. */
    readonly ended: Promise<unknown>;
}

/** What a finished command printed, and its exit code. */
export interface Finished {
    exitCode: number;
    output: string;
}

const started = new Set<Subprocess>();

function killGroup(child: Subprocess, signal: NodeJS.Signals): void {
    try {
        process.kill(-child.pid, signal);
    } catch {
        // Already gone.
    }
}

/** Ends every program still running, with its whole group (workers of `jopi-rewrite serve` included). */
export async function endAllStarted(): Promise<void> {
    for (const child of started) killGroup(child, "SIGKILL");
    await Promise.all([...started].map((child) => child.exited));
    started.clear();
}
process.on("exit", () => {
    for (const child of started) killGroup(child, "SIGKILL");
});

/**
 * An app folder and the environment its commands run with (the registry to use, the repository's
 * Bun on PATH, as a user's global one would be).
 *
 * @example const app = new FreshApp(dir, {NPM_CONFIG_REGISTRY: url}); await app.run(["npm", "install", "jopi-rewrite"]);
 */
export class FreshApp {
    readonly env: Record<string, string>;

    constructor(readonly dir: string, env: Record<string, string>) {
        mkdirSync(dir, {recursive: true});
        this.env = {...process.env, PATH: `${REPO_BIN}:${process.env.PATH}`, FORCE_COLOR: "0", NO_COLOR: "1", ...env} as Record<string, string>;
    }

    /** Writes a file in one step (write + rename), so that `bun --hot` sees one change. */
    write(path: string, content: string): void {
        const target = join(this.dir, path);
        mkdirSync(dirname(target), {recursive: true});
        writeFileSync(`${target}.tmp`, content);
        renameSync(`${target}.tmp`, target);
    }

    /** Runs a command to its end, failing after `timeoutMs`; returns its exit code and output. */
    async run(command: string[], timeoutMs = 60_000): Promise<Finished> {
        const program = this.start(command);
        const timer = setTimeout(() => killGroup(program.child, "SIGKILL"), timeoutMs);
        const exitCode = await program.child.exited;
        clearTimeout(timer);
        started.delete(program.child);
        await program.ended;
        const output = [...program.stdout.lines, ...program.stderr.lines].join("\n");
        if (program.child.signalCode === "SIGKILL") throw new Error(`\`${command.join(" ")}\` took more than ${timeoutMs} ms:\n${output}`);
        return {exitCode, output};
    }

    /** Starts a program in its own process group; `stop` or `endAllStarted` ends it. */
    start(command: string[]): Started {
        const child = spawn(command, {cwd: this.dir, env: this.env, stdin: "ignore", stdout: "pipe", stderr: "pipe", detached: true});
        started.add(child);
        const stdout = new LineLog();
        const stderr = new LineLog();
        return {child, stdout, stderr, ended: Promise.all([stdout.follow(child.stdout), stderr.follow(child.stderr)])};
    }

    /** Sends `signal` to a started program's group, waits for it to exit, and returns its code. */
    async stop(program: Started, signal: NodeJS.Signals = "SIGKILL"): Promise<number> {
        killGroup(program.child, signal);
        const code = await program.child.exited;
        killGroup(program.child, "SIGKILL");
        started.delete(program.child);
        return code;
    }
}
