import type {Check} from "../runner/check-harness.ts";

const PACKAGE = "node_modules/greeting/index.ts";

// "Deploy a new version with zero failed requests": two workers serve the app; a new version of a
// package is installed (hot reload does not see it); `jopi-rewrite restart` replaces the workers
// one at a time while clients keep their connections busy, and not one request fails.
export default async (h: Check) => {
    await h.startCommand({ready: /^jopi-rewrite: 2 worker\(s\) of index\.ts answer on port /, timeoutMs: 15_000});
    (await h.get("/")).expectStatus(200).expectBody("version 1 says hello");

    const load = h.load("/", 16);
    await h.sleep(300);
    await h.edit(PACKAGE, (src) => src.replace("version 1", "version 2"), "install the package's new version", {waitFor: false});
    (await h.get("/")).expectBody("version 1 says hello");
    h.note("= still version 1: hot reload does not see node_modules, a restart is needed");

    const restart = await h.run("jopi-rewrite restart");
    h.expectEqual(restart.code, 0, "the restart succeeded");
    await h.sleep(300);
    const stats = await load.stop();
    h.claim(stats.requests > 100, "the clients were answered all along", {actual: `${stats.requests} answers`});
    h.expectEqual({failed: stats.failed, non2xx: stats.non2xx}, {failed: 0, non2xx: 0}, "no failed request and no error status during the restart");
    (await h.get("/")).expectBody("version 2 says hello");

    h.signal("SIGTERM", "stop the supervisor");
    await h.expectLine("jopi-rewrite: every worker has exited.");
    await h.expectExit(0);
};
