import type {Check} from "../runner/check-harness.ts";

const RELOADED = /^Website reloaded/;

// The starter file: version2/ is written file by file without a single reload (nothing imports
// it yet), then one edit of starter.ts switches to it, with exactly one reload; deleting
// version1/ afterwards changes nothing that is served.
export default async (h: Check) => {
    await h.start();
    (await h.get("/")).expectStatus(200).expectBody("<h1>Version 1</h1>");

    const writing = h.mark();
    const page = h.read("version1/home-page.ts").replace("Version 1", "Version 2");
    await h.write("version2/home-page.ts", page, "1. create version2/, one file...", {waitFor: false});
    await h.sleep(300);
    await h.write("version2/index.ts", h.read("version1/index.ts"), "...then the other", {waitFor: false});
    await h.expectNoLine(RELOADED, {from: writing, forMs: 800, claim: "no reload while version2/ is written"});
    (await h.get("/")).expectBody("<h1>Version 1</h1>");

    const switching = h.mark();
    await h.edit("starter.ts", (src) => src.replace("./version1/", "./version2/"), "2. point starter.ts at version2");
    await h.sleep(800);
    h.expectCount(RELOADED, 1, "reload for the switch", {from: switching});
    (await h.get("/")).expectBody("<h1>Version 2</h1>");

    // Bun still watches the files it loaded once: deleting them reloads, harmlessly.
    await h.remove("version1/", "3. optional: delete version1/");
    (await h.get("/")).expectBody("<h1>Version 2</h1>");
    h.note("= still version 2: nothing imports version1/ any more");
};
