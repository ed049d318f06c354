/**
 * What the runner's own tests share: a throw-away sandbox folder, the CLI as a child process,
 * and a way to find every process a test started, however deep, by a mark in its environment.
 * @module
 */
import {cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {dirname, join, resolve} from "node:path";
import {BUN} from "hot-harness";

export const SANDBOX = resolve(import.meta.dir, "..");
export const CLI = join(import.meta.dir, "cli.ts");

/** A temporary sandbox folder holding copies of real examples and/or made-up ones; the caller removes it. */
export function tempSandbox(copies: string[], made: Record<string, Record<string, string>> = {}): string {
    const dir = mkdtempSync(join(tmpdir(), "sandbox-test-"));
    try {
        const index: object[] = [];
        for (const slug of copies) {
            cpSync(join(SANDBOX, slug), join(dir, slug), {recursive: true});
            index.push({slug, title: slug, page: "hot-reload", files: ["index.ts"]});
        }
        for (const [slug, files] of Object.entries(made)) {
            for (const [name, content] of Object.entries(files)) {
                mkdirSync(dirname(join(dir, slug, name)), {recursive: true});
                writeFileSync(join(dir, slug, name), content);
            }
            index.push({slug, title: slug, page: "hot-reload", files: ["index.ts"]});
        }
        writeFileSync(join(dir, "examples.json"), JSON.stringify(index, null, 2));
        return dir;
    } catch (error) {
        // Half made: the caller never gets the path, so it cannot remove it.
        rmSync(dir, {recursive: true, force: true});
        throw error;
    }
}

/** Starts the CLI; every process below it carries `SANDBOX_TEST_MARK=<mark>` in its environment. */
export function startCli(args: string[], mark: string) {
    return Bun.spawn([BUN, CLI, ...args], {env: {...process.env, SANDBOX_TEST_MARK: mark}, stdout: "pipe", stderr: "pipe"});
}

/** Runs the CLI to its end. */
export async function runCli(args: string[], mark = crypto.randomUUID()): Promise<{code: number; stdout: string; stderr: string}> {
    const child = startCli(args, mark);
    const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
    return {code, stdout, stderr};
}

/** The ids and command lines of the live processes whose environment holds the mark. */
export function markedProcesses(mark: string): string[] {
    const found: string[] = [];
    for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
        try {
            if (!readFileSync(`/proc/${pid}/environ`, "latin1").includes(`SANDBOX_TEST_MARK=${mark}`)) continue;
            if (/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, "latin1"))) continue; // Already dead, not yet reaped.
            found.push(`${pid} ${readFileSync(`/proc/${pid}/cmdline`, "latin1").replaceAll("\0", " ").trim()}`);
        } catch {
            // Gone meanwhile, or not ours to read.
        }
    }
    return found;
}
