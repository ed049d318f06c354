/**
 * The ground floor of the check harness: the transcript, the step under way (with the line of
 * check.ts that asked for it), and the plain claims a check makes about values.
 * @module
 */
import {CheckFailure, locate} from "./check-failure.ts";
import {sleep} from "./check-runtime.ts";
import {Transcript} from "./transcript.ts";

const show = (value: unknown) => (value === undefined ? undefined : typeof value === "string" ? value : JSON.stringify(value));

/** Steps, failures and claims; see Check for the whole harness. */
export class CheckSteps {
    readonly transcript = new Transcript();
    /** The step under way and the line of check.ts that asked for it: what a failure reports. */
    step = "before start";
    where: string | undefined;
    protected stopped = false;

    /** `checkFile`: the path the stack traces show; `shownFile`: how failures name it. */
    constructor(protected readonly checkFile: string, protected readonly shownFile = checkFile) {}

    /** Names the step under way and remembers which line of check.ts asked for it. */
    protected begin(step: string): void {
        if (this.stopped) throw new CheckFailure({step, message: "the example was already stopped (the check ran past its time limit)"});
        this.step = step;
        this.where = locate(new Error().stack, this.checkFile, this.shownFile) ?? this.where;
    }

    /** Throws the failure of the current step; `stack` locates it better when given. */
    protected fail(message: string, expected?: string, actual?: string, stack?: string): never {
        const where = locate(stack, this.checkFile, this.shownFile) ?? this.where;
        throw new CheckFailure({step: this.step, where, message, expected, actual});
    }

    /** Fails unless `actual` equals `expected` (compared as JSON); records `= claim`. */
    expectEqual(actual: unknown, expected: unknown, claim: string): void {
        this.begin(claim);
        const [a, e] = [JSON.stringify(actual, null, 1), JSON.stringify(expected, null, 1)];
        if (a !== e) this.fail(`${claim}: not so`, e, a);
        this.transcript.add(`= ${claim}`);
    }

    /** Fails unless `ok`; records `= claim`. */
    claim(ok: boolean, claim: string, details: {expected?: unknown; actual?: unknown} = {}): void {
        this.begin(claim);
        if (!ok) this.fail(`${claim}: not so`, show(details.expected), show(details.actual));
        this.transcript.add(`= ${claim}`);
    }

    /** Adds a line to the transcript, as is. */
    note(text: string): void {
        this.transcript.add(text);
    }

    /** Replaces every match in the transcript (`$1` works): for what varies, like dates. */
    normalize(pattern: RegExp, replacement: string): void {
        this.transcript.normalize(pattern, replacement);
    }

    /** Numbers the distinct values matching `pattern` (or its first group): `<name 1>`, `<name 2>`... */
    label(pattern: RegExp, name: string): void {
        this.transcript.label(pattern, name);
    }

    sleep(ms: number): Promise<void> {
        return sleep(ms);
    }
}
