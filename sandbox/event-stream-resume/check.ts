import type {Check} from "../runner/check-harness.ts";

// A page's EventSource reads numbered events while `jopi-rewrite restart` replaces both workers:
// its response ends, it reconnects with Last-Event-ID, and the numbers go on with none missed
// and none repeated.
export default async (h: Check) => {
    await h.startCommand({ready: /^jopi-rewrite: 2 worker\(s\) of index\.ts answer on port /, timeoutMs: 15_000});
    const browser = await h.eventStream("/numbers", "browser", {reconnect: true});
    await browser.expectEvent(/^3$/);

    const restart = await h.run("jopi-rewrite restart");
    h.expectEqual(restart.code, 0, "the restart succeeded");
    await browser.expectResumed();
    await h.sleep(300);
    browser.expectNumbered();
};
