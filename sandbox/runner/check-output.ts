/**
 * The part of the check harness that reads what the example prints: waiting for a line, making
 * sure a line does not come, counting lines.
 * @module
 */
import {sleep, type RunningProgram} from "./check-runtime.ts";
import {CheckSteps} from "./check-steps.ts";
import {countLines, describePattern, findLine, waitForLine, type LinePattern} from "./line-match.ts";

export type Stream = "stdout" | "stderr";

export interface LineOptions {
    stream?: Stream;
    timeoutMs?: number;
    /** `false` leaves the line out of the transcript. */
    record?: boolean;
}

/** Reading the example's output; see Check for the whole harness. */
export class CheckOutput extends CheckSteps {
    protected app: RunningProgram | undefined;
    protected exitCode: number | undefined;
    private readonly cursor = {stdout: 0, stderr: 0};

    constructor(checkFile: string, readonly waitMs: number, shownFile?: string) {
        super(checkFile, shownFile);
    }

    /** Forgets the output of a program that was stopped, before starting another. */
    protected resetOutput(): void {
        this.app = undefined;
        this.exitCode = undefined;
        this.cursor.stdout = this.cursor.stderr = 0;
    }

    protected lines(stream: Stream): readonly string[] {
        return this.app?.[stream].lines ?? [];
    }

    protected async waitLine(stream: Stream, pattern: LinePattern, from: number, timeoutMs: number): Promise<number> {
        const found = await waitForLine(this.lines(stream), pattern, from, timeoutMs, () => this.exitCode !== undefined);
        if (typeof found === "number") return found;
        const why = found.reason === "exited" ? `the program exited (code ${this.exitCode})` : `nothing within ${timeoutMs} ms`;
        return this.fail(`expected a line matching ${describePattern(pattern)} on ${stream}: ${why}`);
    }

    /** Waits for a line after the last one expected on that stream; records it as `[stdout] line`. */
    async expectLine(pattern: LinePattern, options: LineOptions = {}): Promise<string> {
        this.begin(`wait for ${describePattern(pattern)} on ${options.stream ?? "stdout"}`);
        return this.readLine(pattern, options);
    }

    /** expectLine, within the current step. */
    protected async readLine(pattern: LinePattern, options: LineOptions = {}): Promise<string> {
        const stream = options.stream ?? "stdout";
        const index = await this.waitLine(stream, pattern, this.cursor[stream], options.timeoutMs ?? this.waitMs);
        this.cursor[stream] = index + 1;
        const line = this.lines(stream)[index]!;
        if (options.record !== false) this.transcript.add(`[${stream}] ${line}`);
        return line;
    }

    /** Waits `forMs`, then fails if a matching line appeared since `from` (default: now). Records `= claim`. */
    async expectNoLine(pattern: LinePattern, options: {forMs: number; claim: string; from?: number; stream?: Stream}): Promise<void> {
        const stream = options.stream ?? "stdout";
        const from = options.from ?? this.lines(stream).length;
        this.begin(`expect no ${describePattern(pattern)} on ${stream} (${options.claim})`);
        await sleep(options.forMs);
        const index = findLine(this.lines(stream), pattern, from);
        if (index >= 0) this.fail(`${options.claim}: not so`, "no such line", this.lines(stream)[index]);
        this.transcript.add(`= ${options.claim}`);
    }

    /** The number of lines printed so far on a stream: a position for `from` options. */
    mark(stream: Stream = "stdout"): number {
        return this.lines(stream).length;
    }

    /** How many lines match, from `from` (default 0). */
    count(pattern: LinePattern, options: {from?: number; stream?: Stream} = {}): number {
        return countLines(this.lines(options.stream ?? "stdout"), pattern, options.from ?? 0);
    }

    /** Fails unless exactly `expected` lines match; records `= <expected> <what>`. */
    expectCount(pattern: LinePattern, expected: number, what: string, options: {from?: number; stream?: Stream} = {}): void {
        this.begin(`count ${what}`);
        const actual = this.count(pattern, options);
        if (actual !== expected) this.fail(`expected ${expected} ${what}`, `${expected} ${what}`, `${actual} ${what}`);
        this.transcript.add(`= ${expected} ${what}`);
    }

    /** The last lines of both streams, for a failure report. */
    tail(n = 12): string {
        const block = (stream: Stream) => this.lines(stream).slice(-n).map((line) => `  | ${line}`).join("\n") || "  | (nothing)";
        return `last lines of stdout:\n${block("stdout")}\nlast lines of stderr:\n${block("stderr")}`;
    }
}
