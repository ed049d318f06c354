/**
 * What a failed check says: the step it was at, the line of check.ts that asked, and what was
 * expected against what happened, as a small diff.
 * @module
 */
import {formatDiff} from "./diff.ts";

/**
 * Thrown by the check harness when what the docs claim does not happen.
 *
 * @example throw new CheckFailure({step: "GET /", where: "sandbox/hello/check.ts:9", message: "the body differs", expected: "Hello", actual: "Bye"});
 */
export class CheckFailure extends Error {
    override name = "CheckFailure";
    readonly step: string;
    readonly where: string | undefined;
    readonly expected: string | undefined;
    readonly actual: string | undefined;

    constructor(details: {step: string; where?: string; message: string; expected?: string; actual?: string}) {
        super(details.message);
        this.step = details.step;
        this.where = details.where;
        this.expected = details.expected;
        this.actual = details.actual;
    }
}

/**
 * The `path:line` of the first stack frame inside `file`, naming the file `shown` (its path
 * from the repository, given by the runtime); undefined when the stack does not go through it.
 *
 * @example locate(new Error().stack, "/repo/sandbox/hello/check.ts", "sandbox/hello/check.ts"); // "sandbox/hello/check.ts:12"
 */
export function locate(stack: string | undefined, file: string, shown = file): string | undefined {
    for (const line of (stack ?? "").split("\n")) {
        const at = line.indexOf(file);
        if (at < 0) continue;
        const position = /^:(\d+)/.exec(line.slice(at + file.length));
        if (position) return `${shown}:${position[1]}`;
    }
    return undefined;
}

const indent = (text: string, prefix: string) => text.split("\n").map((line) => `${prefix}${line}`.trimEnd()).join("\n");

/** The failure as lines for the report: step, location, message, diff. */
export function describeFailure(error: unknown, fallback: {step: string; where?: string}, checkFile: string, shown = checkFile): string {
    const failure = error instanceof CheckFailure ? error : undefined;
    const step = failure?.step ?? fallback.step;
    const where = failure?.where ?? locate((error as Error)?.stack, checkFile, shown) ?? fallback.where ?? "(not in check.ts)";
    const message = error instanceof Error ? error.message : String(error);
    const out = [`step:  ${step}`, `at:    ${where}`, indent(message, "")];
    if (failure?.expected !== undefined || failure?.actual !== undefined) {
        const diff = formatDiff(failure.expected ?? "", failure.actual ?? "");
        out.push("(- expected, + actual)", indent(diff || `  ${failure.actual}`, "  "));
    } else if (!(error instanceof CheckFailure) && error instanceof Error && error.stack) {
        out.push(indent(error.stack.split("\n").slice(1, 4).join("\n").trim(), "  "));
    }
    return out.join("\n");
}
