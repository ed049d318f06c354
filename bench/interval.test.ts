import {expect, test} from "bun:test";
import {allOf, bootstrapInterval, formatInterval, median, ratioTarget, verdictOf} from "./interval.ts";

// Rounds with a known spread: a seeded wobble of +-5% around `centre`, the same at every run.
function rounds(count: number, centre = 1, seed = 7): number[] {
    let state = seed;
    return Array.from({length: count}, () => {
        state = (state * 1103515245 + 12345) % 2 ** 31;
        return centre * (0.95 + (state / 2 ** 31) * 0.1);
    });
}

test("the median of an even count is the mean of the two middle values", () => {
    expect(median([3, 1, 2, 10])).toBe(2.5);
    expect(median([0.9, 1.1, 1])).toBe(1);
    expect(() => median([])).toThrow("jopi-rewrite: median of no values");
});

test("a known sample gives a known interval, the same at every run", () => {
    const sample = [0.91, 0.92, 0.93, 0.94, 0.95, 0.96, 0.97, 0.98, 0.99, 1.0];
    const interval = bootstrapInterval(sample);
    // The bootstrap interval of a median of 10 rounds runs from about the 3rd value to the 8th.
    expect(interval).toEqual({median: 0.955, low: 0.93, high: 0.98, rounds: 10});
    expect(bootstrapInterval(sample)).toEqual(interval);
    expect(bootstrapInterval(sample, {seed: 24}).median).toBe(0.955);
});

test("every round alike gives an interval of zero width", () => {
    expect(bootstrapInterval([0.97, 0.97, 0.97])).toEqual({median: 0.97, low: 0.97, high: 0.97, rounds: 3});
});

test("the interval holds the median and shrinks with more rounds", () => {
    const width = (count: number) => {
        const {low, high, median} = bootstrapInterval(rounds(count));
        expect(low).toBeLessThanOrEqual(median);
        expect(high).toBeGreaterThanOrEqual(median);
        return high - low;
    };
    const [ten, forty, hundred] = [width(10), width(40), width(160)];
    expect(forty).toBeLessThan(ten);
    expect(hundred).toBeLessThan(forty);
    expect(hundred).toBeLessThan(ten / 2);
});

test("a 99% interval is wider than a 95% one", () => {
    const sample = rounds(20);
    const at95 = bootstrapInterval(sample);
    const at99 = bootstrapInterval(sample, {level: 0.99});
    expect(at99.high - at99.low).toBeGreaterThan(at95.high - at95.low);
});

test("the verdict is PASS only when the whole interval meets the target, FAIL only when it wholly misses", () => {
    expect(verdictOf({low: 0.96, high: 0.99}, {atLeast: 0.95})).toBe("PASS");
    expect(verdictOf({low: 0.95, high: 0.99}, {atLeast: 0.95})).toBe("PASS");
    expect(verdictOf({low: 0.9, high: 0.94}, {atLeast: 0.95})).toBe("FAIL");
    expect(verdictOf({low: 0.92, high: 0.98}, {atLeast: 0.95})).toBe("UNSETTLED");
    expect(verdictOf({low: 1.4, high: 1.49}, {atMost: 1.5})).toBe("PASS");
    expect(verdictOf({low: 1.51, high: 1.6}, {atMost: 1.5})).toBe("FAIL");
    expect(verdictOf({low: 1.45, high: 1.55}, {atMost: 1.5})).toBe("UNSETTLED");
});

test("a target of several conditions fails with one, and passes only with all", () => {
    expect(allOf(["PASS", "PASS"])).toBe("PASS");
    expect(allOf(["PASS", "UNSETTLED"])).toBe("UNSETTLED");
    expect(allOf(["UNSETTLED", "FAIL"])).toBe("FAIL");
});

test("the two runs of issue 23 that disagreed on a median agree on UNSETTLED", () => {
    // gzip hits 0.98x in one run and 0.92x in the other, target 0.95x: each median alone said the opposite.
    const first = ratioTarget("cache hit, gzip: >= 0.95x raw", [0.98, 1.01, 0.93, 0.97, 0.9], {atLeast: 0.95});
    const second = ratioTarget("cache hit, gzip: >= 0.95x raw", [0.92, 0.96, 0.89, 0.99, 0.93], {atLeast: 0.95});
    expect([first.verdict, second.verdict]).toEqual(["UNSETTLED", "UNSETTLED"]);
    expect(first.pass).toBe(false);
});

test("a ratio target says its median, interval and rounds in its value, and passes when the interval clears", () => {
    const target = ratioTarget("2 workers >= 1.8x one worker", rounds(12, 1.9, 3), {atLeast: 1.8}, "wrk on one core");
    expect(target.verdict).toBe("PASS");
    expect(target.pass).toBe(true);
    expect(target.value).toBe(`${formatInterval(target.interval!)}, 12 rounds; wrk on one core`);
    expect(target.value).toMatch(/^1\.\d\dx \(1\.\d\d-1\.\d\d\), 12 rounds/);
});
