/**
 * What the runner prints: the list of examples, one line per finished check, and the summary
 * whose last line is always `N passed, M failed`.
 * @module
 */
import type {CheckResult} from "./check-run.ts";
import type {Example} from "./index-file.ts";

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const pad = (text: string, width: number) => text + " ".repeat(Math.max(0, width - text.length));

/** The examples in index order: slug, page, title. */
export function formatList(examples: Example[]): string {
    const slugWidth = Math.max(...examples.map((example) => example.slug.length), 4) + 2;
    const pageWidth = Math.max(...examples.map((example) => example.page.length), 4) + 2;
    const rows = examples.map((example) => `  ${pad(example.slug, slugWidth)}${pad(example.page, pageWidth)}${example.title}`);
    return [
        `${examples.length} examples (sandbox/examples.json):`,
        "",
        `  ${pad("slug", slugWidth)}${pad("page", pageWidth)}title`,
        ...rows,
        "",
        "Try one:        npm run sandbox -- <slug>",
        "Verify them:    npm run sandbox -- --check [slug...]",
        "More:           npm run sandbox -- --help",
    ].join("\n");
}

/** The line printed as soon as a check finishes. */
export function formatResult(result: CheckResult, slugWidth: number): string {
    const mark = result.ok ? "✔" : "✘";
    const extra = result.written ? "  (transcript.txt written)" : "";
    return `${mark} ${pad(result.slug, slugWidth)} ${seconds(result.ms).padStart(6)}${extra}`;
}

/** The failures in full, then the totals; the last line is exactly `N passed, M failed`. */
export function formatSummary(results: CheckResult[], totalMs: number): string {
    const failed = results.filter((result) => !result.ok);
    const out: string[] = [];
    for (const result of failed) {
        out.push("", `✘ ${result.slug}`, (result.failure ?? "").replace(/^/gm, "    "));
    }
    const written = results.filter((result) => result.written).length;
    out.push("");
    if (written > 0) out.push(`${written} transcript${written === 1 ? "" : "s"} written.`);
    out.push(`Total time: ${seconds(totalMs)}`);
    out.push(`${results.length - failed.length} passed, ${failed.length} failed`);
    return out.join("\n");
}

/** The help of `npm run sandbox -- --help`. */
export const HELP = `Usage:
  npm run sandbox                          list the examples (slug, docs page, title)
  npm run sandbox -- <slug> [--port N]     try one under bun --hot, as a docs reader would
  npm run sandbox -- --check [slug...]     verify examples against what the docs claim
  npm run sandbox -- --help                this help
  (with Bun installed: bun run sandbox <arguments>)

Trying an example (npm run sandbox -- <slug>):
  The runner copies sandbox/<slug>/ (without check.ts and transcript.txt) to
  .scratch/sandbox/<slug>/ and runs it there under bun --hot, with PORT=3000.
  Edit the files of that copy and save: the example reloads. The copy keeps
  sandbox/ exactly as the docs show it; it is replaced at each run.
  Ctrl-C (or SIGTERM) stops the example and its whole process group (exit 0).
  --port N     serve on port N instead of 3000

Verifying (npm run sandbox -- --check [slug...]):
  Runs each example's check.ts against a temporary copy under .scratch/, on a
  free port, a few at once; prints one line per example, then the failures
  (step, check.ts line, expected vs actual, last output lines), the total time
  and "N passed, M failed". Exit code 1 if any failed.
  Each passing check writes sandbox/<slug>/transcript.txt (its verified output).
  --frozen      do not write transcripts: fail when one differs from the
                committed file (what npm test runs)
  --jobs N      checks run at once (default 3)
  --timeout MS  time limit per example (default 20000)
  --dir PATH    the sandbox folder (default: the one holding this runner)`;
