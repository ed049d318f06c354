import type {Check} from "../runner/check-harness.ts";

const PACKAGE = "node_modules/greeting/index.ts";

// What happens when a package in node_modules changes: Bun does not watch node_modules, so the
// edit triggers no reload; the next reload, caused by a file of the app, picks it up.
export default async (h: Check) => {
    await h.start();
    (await h.get("/")).expectStatus(200).expectBody("Hello from the greeting package, version 1");

    await h.edit(PACKAGE, (src) => src.replace("version 1", "version 2"), "the package's new version", {waitFor: false});
    await h.expectNoLine(/^Website reloaded/, {forMs: 1000, claim: "no reload: an edit inside node_modules is not seen"});
    (await h.get("/")).expectBody("Hello from the greeting package, version 1");

    await h.save("index.ts", "save the app's own file: a reload");
    (await h.get("/")).expectBody("Hello from the greeting package, version 2");
    h.note("= the reload of the app picked up the package's new version");
};
