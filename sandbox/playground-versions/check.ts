import type {Check} from "../runner/check-harness.ts";

// The node-space page's playground, under bun --hot: the generation counts the versions, a kept
// value survives until its key is cleared, and a newTimeout is cancelled by a reload.
export default async (h: Check) => {
    await h.start({ready: "first start: version #1"});
    await h.expectLine("this code was loaded 1 time(s)");

    await h.save("index.ts", "save it within 3 s: a reload", {waitFor: "reload: version #2 is running"});
    await h.expectLine("this code was loaded 2 time(s)");
    await h.expectLine("3 s without a reload", {timeoutMs: 5000});
    h.expectCount("3 s without a reload", 1, "lines of the 3 s timeout: version #1's was cancelled by the reload");

    await h.edit("index.ts", (src) => src.replace("// NodeSpace.app.clearHotReloadKey", "NodeSpace.app.clearHotReloadKey"), "uncomment the last line", {waitFor: "reload: version #3 is running"});
    await h.expectLine("this code was loaded 3 time(s)");
    await h.save("index.ts", "save it again", {waitFor: "reload: version #4 is running"});
    await h.expectLine("this code was loaded 1 time(s)");
};
