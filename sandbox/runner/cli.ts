/**
 * `npm run sandbox -- ...`: list the docs examples, try one under `bun --hot`, or verify them all.
 * See HELP in report.ts for the arguments.
 * @module
 */
import {resolve} from "node:path";
import {runChecks} from "./check-run.ts";
import {runForeground} from "./foreground.ts";
import {IndexError, loadIndex, type Example} from "./index-file.ts";
import {formatList, formatResult, formatSummary, HELP} from "./report.ts";

interface Arguments {
    help: boolean;
    check: boolean;
    frozen: boolean;
    port: number;
    jobs: number;
    timeoutMs: number;
    dir: string;
    slugs: string[];
}

class UsageError extends Error {}

function number(flag: string, value: string | undefined, min: number, max: number): number {
    const n = Number(value);
    if (value === undefined || !Number.isInteger(n) || n < min || n > max) throw new UsageError(`${flag} takes a whole number from ${min} to ${max}, not ${value ?? "nothing"}.`);
    return n;
}

export function parseArguments(argv: string[]): Arguments {
    const args: Arguments = {help: false, check: false, frozen: false, port: 3000, jobs: 3, timeoutMs: 20_000, dir: resolve(import.meta.dir, ".."), slugs: []};
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i]!;
        if (arg === "--help" || arg === "-h") args.help = true;
        else if (arg === "--check") args.check = true;
        else if (arg === "--frozen") args.frozen = true;
        else if (arg === "--port") args.port = number(arg, argv[++i], 1, 65_535);
        else if (arg === "--jobs") args.jobs = number(arg, argv[++i], 1, 16);
        else if (arg === "--timeout") args.timeoutMs = number(arg, argv[++i], 1_000, 600_000);
        else if (arg === "--dir") args.dir = resolve(argv[++i] ?? ".");
        else if (arg.startsWith("-")) throw new UsageError(`unknown option ${arg}.`);
        else args.slugs.push(arg);
    }
    if (args.frozen && !args.check) throw new UsageError("--frozen goes with --check.");
    if (!args.check && args.slugs.length > 1) throw new UsageError("try one example at a time (or verify several with --check).");
    return args;
}

/** The examples named by `slugs` (all when none), or a UsageError listing the known ones. */
function pick(examples: Example[], slugs: string[]): Example[] {
    const unknown = slugs.filter((slug) => !examples.some((example) => example.slug === slug));
    if (unknown.length > 0) {
        const known = examples.map((example) => `  ${example.slug}`).join("\n");
        throw new UsageError(`unknown example${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}. The examples are:\n${known}`);
    }
    return slugs.length === 0 ? examples : examples.filter((example) => slugs.includes(example.slug));
}

async function check(examples: Example[], args: Arguments): Promise<number> {
    const started = performance.now();
    const width = Math.max(...examples.map((example) => example.slug.length));
    const mode = args.frozen ? "comparing transcripts with the committed ones" : "writing transcripts";
    const jobs = Math.min(args.jobs, examples.length);
    console.log(`Checking ${examples.length} example${examples.length === 1 ? "" : "s"}, ${jobs} at once, ${mode}.`);
    // A check that failed early may leave a request of its own unanswered: not the runner's end.
    process.on("unhandledRejection", () => {});
    const results = await runChecks(examples, {
        timeoutMs: args.timeoutMs,
        frozen: args.frozen,
        jobs: args.jobs,
        onResult: (result) => console.log(formatResult(result, width)),
    });
    console.log(formatSummary(results, performance.now() - started));
    return results.every((result) => result.ok) ? 0 : 1;
}

export async function main(argv: string[]): Promise<number> {
    try {
        const args = parseArguments(argv);
        if (args.help) {
            console.log(HELP);
            return 0;
        }
        const examples = loadIndex(args.dir);
        if (args.check) return await check(pick(examples, args.slugs), args);
        if (args.slugs.length === 0) {
            console.log(formatList(examples));
            return 0;
        }
        return await runForeground(pick(examples, args.slugs)[0]!, args.port);
    } catch (error) {
        if (error instanceof UsageError) {
            console.error(`sandbox: ${error.message}\n(npm run sandbox -- --help for the usage)`);
            return 2;
        }
        if (error instanceof IndexError) {
            console.error(`sandbox: examples.json: ${error.message}`);
            return 2;
        }
        throw error;
    }
}

if (import.meta.main) process.exit(await main(process.argv.slice(2)));
