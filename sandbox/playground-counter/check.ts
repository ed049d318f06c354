import type {Check} from "../runner/check-harness.ts";

// The hot-reload page's playground, under bun --hot: the kept counter goes on across a reload,
// the old version's onHotReload listener prints once, and its newInterval stops.
export default async (h: Check) => {
    await h.start({ready: "tick #1"});
    await h.expectLine("tick #2");

    await h.edit("index.ts", (src) => src.replace("`tick #", "`Tick #"), "change the text of a console.log", {waitFor: "onHotReload: my version is being replaced"});
    const reloaded = h.mark();
    await h.expectLine("Tick #3");
    await h.expectLine("Tick #4");
    h.expectCount(/^tick #/, 0, "ticks of the old version's timer after the reload", {from: reloaded});

    const again = h.mark();
    await h.save("index.ts", "save it again", {waitFor: "onHotReload: my version is being replaced"});
    await h.expectLine("Tick #5");
    h.expectCount("onHotReload: my version is being replaced", 1, "lines of onHotReload at the second reload: the first version's listener is gone", {from: again});
};
