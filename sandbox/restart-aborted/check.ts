import type {Check} from "../runner/check-harness.ts";

const PACKAGE = "node_modules/greeting/index.ts";

// "If a new worker fails to start, the restart stops and the old workers keep serving": the new
// version of the package throws when it loads; `jopi-rewrite restart` tries it three times, shows
// its error, exits 1, and the site still answers with the old version.
export default async (h: Check) => {
    await h.startCommand({ready: /^jopi-rewrite: 2 worker\(s\) of index\.ts answer on port /, timeoutMs: 15_000});
    (await h.get("/")).expectStatus(200).expectBody("version 1 says hello");

    await h.edit(PACKAGE, (src) => `throw new Error("GREETING_LANGUAGE is not set");\n${src.replace("version 1", "version 2")}`, "install a new version that throws when it loads", {waitFor: false});
    const restart = await h.run("jopi-rewrite restart");
    h.expectEqual(restart.code, 1, "the restart was stopped");
    (await h.get("/")).expectStatus(200).expectBody("version 1 says hello");
    h.note("= the old workers keep serving version 1");
};
