import type {Check} from "../runner/check-harness.ts";

// newTimeout: a reload before it fires cancels it; the new version's own timeout fires.
export default async (h: Check) => {
    await h.start({ready: "Version #1 loaded"});
    await h.save("index.ts", "save it within 2 s: a reload", {waitFor: "Version #2 loaded"});
    await h.expectLine("Version #2 loaded");
    await h.expectLine("Version #2: 2 s without a reload", {timeoutMs: 4000});
    h.expectCount("Version #1: 2 s", 0, "lines from the timeout of version #1: the reload cancelled it");
};
