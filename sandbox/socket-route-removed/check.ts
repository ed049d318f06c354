import type {Check} from "../runner/check-harness.ts";

// A route the new version no longer declares: its sockets are closed, with a code and a reason
// that say so, instead of running old code forever; the other routes' sockets stay open.
export default async (h: Check) => {
    await h.start();
    const echo = await h.socket("/echo");
    const ticker = await h.socket("/ticker");
    await ticker.expectMessage("ticker ready");
    echo.send("one");
    await echo.expectMessage("echo: one");

    await h.edit("index.ts", (src) => src.replace(/\/\/ Delete this route[\s\S]*\/\/ highlight-end\n/, ""), "delete the /ticker route");

    await ticker.expectClosed(4404, "jopi-rewrite: the new version of the code has no WebSocket route /ticker");
    echo.send("two");
    await echo.expectMessage("echo: two");
    echo.expectOpen();
};
