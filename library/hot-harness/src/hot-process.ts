import {spawn, type Subprocess} from "bun";
import {mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync, cpSync} from "node:fs";
import {dirname, join, resolve} from "node:path";
import {endAll, killGroup, track, untrack} from "./reaper.ts";
import {LineLog} from "./line-log.ts";

/** The repository's root: scratch copies live under it so that `import "jopi-rewrite"` resolves. */
export const REPO_ROOT = resolve(import.meta.dir, "../../..");
/** The Bun binary the project installs (the `bun` npm package), never a global one. */
export const BUN = join(REPO_ROOT, "node_modules/.bin/bun");
const SCRATCH_ROOT = join(REPO_ROOT, ".scratch");

export interface StartOptions {
    /** Files of the program, by path relative to its folder. */
    files?: Record<string, string>;
    /** Or a folder to copy as the program. */
    copyFrom?: string;
    /** The file to run, relative to the program's folder. Default `index.ts`. */
    entry?: string;
    /** Extra environment variables (PORT, ...). */
    env?: Record<string, string>;
    /** Arguments after the entry, for a program that is a command (`cli.ts serve app.ts`). */
    args?: string[];
    /** `--hot` by default; `--watch` or none for comparisons. */
    mode?: "--hot" | "--watch" | "none";
    /** The folder to make the scratch folder in: the repository's `.scratch` by default. */
    under?: string;
}

/** A program running under `bun --hot` in a scratch folder, with its output collected line by line. */
export class HotProcess {
    readonly stdout = new LineLog();
    readonly stderr = new LineLog();
    readonly exited: Promise<number>;

    constructor(readonly dir: string, readonly child: Subprocess<"ignore", "pipe", "pipe">) {
        this.stdout.follow(child.stdout);
        this.stderr.follow(child.stderr);
        this.exited = child.exited;
    }

    /** Writes a file of the program in one step (write + rename), so Bun sees one change, not two. */
    write(path: string, content: string): void {
        const target = join(this.dir, path);
        mkdirSync(dirname(target), {recursive: true});
        const temp = `${target}.${process.pid}.tmp`;
        writeFileSync(temp, content);
        renameSync(temp, target);
    }

    /** Ends the whole process group and removes the scratch folder. Safe to call twice. */
    async stop(): Promise<number> {
        killGroup(this.child.pid, "SIGKILL");
        const code = await this.exited;
        rmSync(this.dir, {recursive: true, force: true});
        untrack(this);
        return code;
    }
}

/**
 * Starts a program under `bun --hot` on a scratch copy, in its own process group.
 *
 * @example const app = startHot({files: {"index.ts": `console.log("hi")`}}); await app.stdout.waitFor("hi");
 */
export function startHot(options: StartOptions): HotProcess {
    const root = options.under ?? SCRATCH_ROOT;
    mkdirSync(root, {recursive: true});
    const dir = mkdtempSync(join(root, "run-"));
    if (options.copyFrom) cpSync(options.copyFrom, dir, {recursive: true});
    for (const [path, content] of Object.entries(options.files ?? {})) {
        mkdirSync(dirname(join(dir, path)), {recursive: true});
        writeFileSync(join(dir, path), content);
    }
    const mode = options.mode ?? "--hot";
    const args = mode === "none" ? [] : mode === "--hot" ? ["--hot", "--no-clear-screen"] : [mode, "--no-clear-screen"];
    const child = spawn([BUN, ...args, options.entry ?? "index.ts", ...(options.args ?? [])], {
        cwd: dir,
        env: {...process.env, FORCE_COLOR: "0", NO_COLOR: "1", ...options.env},
        stdin: "ignore",
        stdout: "pipe",
        stderr: "pipe",
        detached: true,
    });
    const hot = new HotProcess(dir, child);
    track(hot);
    return hot;
}

export {endAll, killGroup};
