import type {Check} from "../runner/check-harness.ts";

// isHotReload() is false at the first start and true after; getGeneration() counts the versions.
export default async (h: Check) => {
    await h.start({ready: "First start: version #1"});
    await h.save("index.ts", "save it: a reload", {waitFor: "Hot reload"});
    await h.expectLine("Hot reload: version #2 of the code is running");
    await h.save("index.ts", "save it again", {waitFor: "version #3"});
    await h.expectLine("Hot reload: version #3 of the code is running");
};
