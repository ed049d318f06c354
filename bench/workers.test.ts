// The workers target is judged only where the measurement can reach it: 2 workers and wrk each
// need a core, so on a 2-core machine the figure is shown and the verdict says why it is left open.
import {expect, test} from "bun:test";
import type {WorkersResult} from "../src/components/charts/types.ts";
import {CORES_NEEDED, workersTargets} from "./workers.ts";

function result(cores: number, ratio: number): WorkersResult {
    const rounds = Array.from({length: 12}, (_, i) => ({oneRps: 50_000, twoRps: Math.round(50_000 * ratio * (1 + (i % 3) * 0.01)), onePerCpu: 60_000, twoPerCpu: 61_000}));
    const interval = {median: ratio, low: ratio, high: ratio, rounds: 12};
    return {rounds, rpsRatio: ratio, perCpuRatio: 1.02, rpsInterval: interval, perCpuInterval: interval, wrkCpuMax: 0.9, cores};
}

test(`with ${CORES_NEEDED} cores or more, 2 workers are judged on their interval`, () => {
    expect(workersTargets(result(4, 1.9))[0]!.verdict).toBe("PASS");
    const slow = workersTargets(result(4, 1.3))[0]!;
    expect([slow.verdict, slow.pass]).toEqual(["FAIL", false]);
});

test("on fewer cores, the target stays UNSETTLED and its value says what it needs", () => {
    const [target] = workersTargets(result(2, 1.3));
    expect([target!.verdict, target!.pass]).toEqual(["UNSETTLED", false]);
    expect(target!.value).toContain(`needs ${CORES_NEEDED} cores (2 workers and wrk) to be judged`);
    expect(target!.value).toMatch(/^1\.3\dx \(/);
    // Even a ratio that would pass is not claimed on a machine that cannot measure it fairly.
    expect(workersTargets(result(2, 1.9))[0]!.verdict).toBe("UNSETTLED");
});
