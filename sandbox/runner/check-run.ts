/**
 * Running examples' checks: each against its own copy, on its own free port, within a time
 * limit, a few at once; then comparing or writing its transcript.
 * @module
 */
import {existsSync, readFileSync, writeFileSync} from "node:fs";
import {join, relative} from "node:path";
import {freePort, REPO_ROOT} from "hot-harness";
import {bunRuntime} from "./bun-runtime.ts";
import {describeFailure} from "./check-failure.ts";
import {driveCheck} from "./check-drive.ts";
import {Check} from "./check-harness.ts";
import {formatDiff} from "./diff.ts";
import {readProgram} from "./example-files.ts";
import type {Example} from "./index-file.ts";

export interface CheckOptions {
    /** Per example, from start to stop. */
    timeoutMs: number;
    /** Compare with the committed transcript.txt instead of writing it. */
    frozen: boolean;
}

export interface CheckResult {
    slug: string;
    ok: boolean;
    ms: number;
    /** What went wrong, ready to print: step, check.ts line, diff, output tail. */
    failure?: string;
    /** Whether transcript.txt was (re)written. */
    written?: boolean;
}

/** Compares (frozen) or writes the transcript; returns a failure text, or undefined. */
function settleTranscript(example: Example, text: string, frozen: boolean): {failure?: string; written?: boolean} {
    const path = join(example.dir, "transcript.txt");
    const committed = existsSync(path) ? readFileSync(path, "utf8") : undefined;
    if (committed === text) return {};
    if (!frozen) {
        writeFileSync(path, text);
        return {written: true};
    }
    if (committed === undefined) return {failure: `step:  transcript\nsandbox/${example.slug}/transcript.txt is missing: run \`npm run sandbox -- --check ${example.slug}\` to write it.`};
    const diff = formatDiff(committed.trimEnd(), text.trimEnd());
    return {failure: `step:  transcript\nthe new transcript differs from the committed transcript.txt (- committed, + new):\n${diff.replace(/^/gm, "  ")}`};
}

/** Runs one example's check; never throws, never leaves its program running. */
export async function runCheck(example: Example, options: CheckOptions): Promise<CheckResult> {
    const started = performance.now();
    const checkFile = join(example.dir, "check.ts");
    const waitMs = Math.min(5_000, Math.floor(options.timeoutMs / 2));
    const fromRoot = relative(REPO_ROOT, checkFile);
    const shownFile = fromRoot.startsWith("..") ? checkFile : fromRoot;
    const h = new Check({files: readProgram(example.dir), entry: example.files[0]!, checkFile, shownFile, command: example.command}, await freePort(), waitMs, bunRuntime);
    let error: unknown;
    try {
        error = await driveCheck((await import(checkFile)).default, h, options.timeoutMs, `sandbox/${example.slug}/check.ts`);
    } catch (caught) {
        // check.ts itself did not load (a syntax error, a bad import).
        error = caught;
        await h.stop();
    }
    const ms = performance.now() - started;
    if (error !== undefined) {
        const failure = `${describeFailure(error, h, checkFile, shownFile)}\n${h.tail()}`;
        return {slug: example.slug, ok: false, ms, failure};
    }
    const settled = settleTranscript(example, h.transcript.text(), options.frozen);
    return {slug: example.slug, ok: settled.failure === undefined, ms, ...settled};
}

/** Runs the checks, `jobs` at a time, calling `onResult` as each finishes; results in index order. */
export async function runChecks(examples: Example[], options: CheckOptions & {jobs: number; onResult?: (result: CheckResult) => void}): Promise<CheckResult[]> {
    const results: CheckResult[] = new Array(examples.length);
    let next = 0;
    const worker = async () => {
        while (next < examples.length) {
            const index = next++;
            results[index] = await runCheck(examples[index]!, options);
            options.onResult?.(results[index]!);
        }
    };
    await Promise.all(Array.from({length: Math.max(1, Math.min(options.jobs, examples.length))}, worker));
    return results;
}
