// How sure a ratio is. Two whole runs an hour apart on the same commit gave medians up to 6 points
// apart, so a median alone cannot say PASS or FAIL. Each figure is a ratio per round (ours over its
// baseline, measured side by side); its 95% interval comes from a bootstrap over those rounds,
// seeded so that the same rounds always give the same interval, and the verdict says UNSETTLED when
// the interval straddles the target instead of letting the noise decide.
import {formatInterval, type Interval, type TargetResult, type Verdict} from "../src/components/charts/types.ts";

export {formatInterval};

/** What a ratio is held to: at least (throughput) or at most (latency) a value. */
export type Goal = {atLeast: number} | {atMost: number};

/**
 * The middle value; the mean of the two middle ones when there is an even number of them.
 * @example median([3, 1, 2, 10]) // 2.5
 * @see https://jopi-rewrite.dev/docs/performance#how-sure-a-figure-is
 */
export function median(values: number[]): number {
    if (values.length === 0) throw new Error("jopi-rewrite: median of no values; a benchmark recorded no round");
    const sorted = [...values].sort((a, b) => a - b);
    const middle = sorted.length >> 1;
    return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** mulberry32: a small seeded generator, so that an interval depends on the rounds only. */
function seeded(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = Math.imul(state ^ (state >>> 15), state | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
    };
}

const round4 = (value: number) => Number(value.toFixed(4));

/**
 * The median of per-round figures and its confidence interval: the median of `resamples` samples
 * drawn with replacement from the rounds, cut at the two tails of (1 - level) / 2.
 * @example bootstrapInterval([0.97, 0.95, 0.99, 0.96, 0.98]) // {median: 0.97, low: 0.96, high: 0.98, rounds: 5}
 * @see https://jopi-rewrite.dev/docs/performance#how-sure-a-figure-is
 */
export function bootstrapInterval(values: number[], {level = 0.95, resamples = 4000, seed = 23} = {}): Interval {
    const random = seeded(seed);
    const medians = new Float64Array(resamples);
    const draw = new Array<number>(values.length);
    for (let r = 0; r < resamples; r++) {
        for (let i = 0; i < values.length; i++) draw[i] = values[Math.floor(random() * values.length)]!;
        medians[r] = median(draw);
    }
    medians.sort();
    const tail = (1 - level) / 2;
    const at = (q: number) => medians[Math.min(resamples - 1, Math.max(0, Math.round(q * (resamples - 1))))]!;
    return {median: round4(median(values)), low: round4(at(tail)), high: round4(at(1 - tail)), rounds: values.length};
}

/**
 * PASS when the whole interval meets the goal, FAIL when the whole interval misses it, UNSETTLED
 * when the goal lies inside it: more rounds (or a quieter machine) are needed to tell.
 * @example verdictOf({low: 0.96, high: 0.99}, {atLeast: 0.95}) // "PASS"
 * @see https://jopi-rewrite.dev/docs/performance#how-sure-a-figure-is
 */
export function verdictOf({low, high}: Pick<Interval, "low" | "high">, goal: Goal): Verdict {
    const [meets, misses] = "atLeast" in goal ? [low >= goal.atLeast, high < goal.atLeast] : [high <= goal.atMost, low > goal.atMost];
    return meets ? "PASS" : misses ? "FAIL" : "UNSETTLED";
}

/**
 * The verdict of a target made of several conditions: FAIL if one fails, PASS if all pass.
 * @example allOf(["PASS", "UNSETTLED"]) // "UNSETTLED"
 * @see https://jopi-rewrite.dev/docs/performance#how-sure-a-figure-is
 */
export function allOf(verdicts: Verdict[]): Verdict {
    return verdicts.includes("FAIL") ? "FAIL" : verdicts.every((verdict) => verdict === "PASS") ? "PASS" : "UNSETTLED";
}

/**
 * A target judged on per-round ratios: its interval, its verdict, and the value line the bench prints.
 * @example ratioTarget("2 workers >= 1.8x one worker", [1.83, 1.49, 1.9], {atLeast: 1.8})
 * @see https://jopi-rewrite.dev/docs/performance#how-sure-a-figure-is
 */
export function ratioTarget(target: string, ratios: number[], goal: Goal, detail = ""): TargetResult & {verdict: Verdict; interval: Interval} {
    const interval = bootstrapInterval(ratios);
    const verdict = verdictOf(interval, goal);
    const value = `${formatInterval(interval)}, ${interval.rounds} rounds${detail ? `; ${detail}` : ""}`;
    return {target, value, pass: verdict === "PASS", verdict, interval};
}

/**
 * One line per target, its verdict first, as the bench prints them; older targets without a verdict say PASS or FAIL.
 * @example printTargets([ratioTarget("2 workers >= 1.8x one worker", [1.83, 1.49, 1.9], {atLeast: 1.8})]) // "  UNSETTLED 2 workers >= 1.8x one worker ..."
 * @see https://jopi-rewrite.dev/docs/performance#targets
 */
export function printTargets(targets: TargetResult[], width = 58): void {
    for (const {target, value, pass, verdict} of targets) console.log(`  ${(verdict ?? (pass ? "PASS" : "FAIL")).padEnd(9)} ${target.padEnd(width)} ${value}`);
}
