import {expect, test} from "bun:test";
import {settled} from "./worker-drain.ts";

test("settled waits 100 ms with nothing under way, and starts over when a request comes in", async () => {
    const idleStart = performance.now();
    await settled(() => 0);
    expect(performance.now() - idleStart).toBeGreaterThanOrEqual(100);

    // A request under way for its first 150 ms: the 100 ms count only starts once it is answered.
    const start = performance.now();
    let [turns, lastBusy] = [0, start];
    await settled(() => {
        turns++;
        if (performance.now() - start >= 150) return 0;
        lastBusy = performance.now();
        return 1;
    });
    expect(lastBusy - start).toBeGreaterThan(100);
    expect(performance.now() - lastBusy).toBeGreaterThanOrEqual(100);
    // Counted at each turn, not only once the time is up: a late request is seen.
    expect(turns).toBeGreaterThanOrEqual(20);
});
