import type {Check} from "../runner/check-harness.ts";

// onHotReload: the listener runs once per reload, never at the first start.
export default async (h: Check) => {
    await h.start({ready: "Loaded"});
    await h.expectNoLine("Hot reloading !", {from: 0, forMs: 200, claim: "nothing at the first start"});

    await h.save("index.ts", "save it: a reload", {waitFor: "Loaded"});
    await h.expectLine("Hot reloading !");
    await h.save("index.ts", "save it again: another reload", {waitFor: "Loaded"});
    await h.expectLine("Hot reloading !");

    await h.sleep(200);
    h.expectCount("Hot reloading !", 2, '"Hot reloading !" lines for 2 reloads: one per reload');
};
