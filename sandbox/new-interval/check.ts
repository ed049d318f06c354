import type {Check} from "../runner/check-harness.ts";

const TICK = /^Timer \(newInterval\) (\d+)$/;
const randomOf = (line: string) => TICK.exec(line)![1]!;
const tickOf = (random: string) => (line: string) => TICK.exec(line)?.[1] === random;
const tickOfAnotherTimer = (random: string) => (line: string) => TICK.test(line) && randomOf(line) !== random;

// newInterval: stops by itself at a reload, stops when its function returns false, and takes
// its arguments in the reverse order of setInterval (the old order is refused, loudly).
export default async (h: Check) => {
    h.label(/^\[stdout\] Timer \(newInterval\) (\d+)$/, "random");

    const first = randomOf(await h.start({ready: TICK}));
    await h.save("index.ts", "save it: a reload", {waitFor: tickOfAnotherTimer(first)});
    const second = randomOf(await h.expectLine(tickOfAnotherTimer(first)));
    const reloaded = h.mark();
    await h.expectLine(tickOf(second));
    h.expectCount(tickOf(first), 0, "ticks of the old timer after the reload", {from: reloaded});

    await h.expectLine(tickOf(second));
    await h.expectNoLine(TICK, {forMs: 1500, claim: "no fourth tick: returning false stopped the timer"});

    const swap = (src: string) => src.replace("newInterval(1000, () => {", "newInterval(() => {").replace(/\n\}\);\n$/, "\n}, 1000);\n");
    await h.edit("index.ts", swap, "put the delay last, as with setInterval", {waitFor: false});
    await h.expectLine(/^TypeError: /, {stream: "stderr"});
};
