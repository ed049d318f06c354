import type {Check} from "../runner/check-harness.ts";

const CLEAR = "NodeSpace.app.onHotReload(() => { clearInterval(timerId) });";
const TICK = /^Timer\s+(\d+)$/;
const randomOf = (line: string) => TICK.exec(line)![1]!;
const tickOf = (random: string) => (line: string) => TICK.exec(line)?.[1] === random;
const tickOfAnotherTimer = (random: string) => (line: string) => TICK.test(line) && randomOf(line) !== random;

// A plain setInterval keeps firing after a reload (a leak: two timers, then three...), unless
// the code clears it in onHotReload. Shown without the line, then with it.
export default async (h: Check) => {
    h.label(/^\[stdout\] Timer\s+(\d+)$/, "random");

    await h.edit("index.ts", (src) => src.replace(CLEAR, `// ${CLEAR}`), "comment out the onHotReload line");
    const first = randomOf(await h.start({ready: TICK}));
    await h.save("index.ts", "save it: a reload", {waitFor: tickOfAnotherTimer(first)});
    await h.expectLine(tickOfAnotherTimer(first));
    await h.expectLine(tickOf(first));
    h.note("= the timer of the first version still ticks after the reload: two timers now");

    await h.edit("index.ts", (src) => src.replace(`// ${CLEAR}`, CLEAR), "uncomment the onHotReload line", {waitFor: false});
    const cleared = randomOf(await h.restart({ready: TICK}));
    await h.save("index.ts", "save it: a reload", {waitFor: tickOfAnotherTimer(cleared)});
    const next = randomOf(await h.expectLine(tickOfAnotherTimer(cleared)));
    const reloaded = h.mark();
    await h.expectLine(tickOf(next));
    h.expectCount(tickOf(cleared), 0, "ticks of the old timer after the reload", {from: reloaded});
};
