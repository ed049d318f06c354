import {afterEach, describe, expect, test} from "bun:test";
import {endAll} from "hot-harness";
import {groupAlive, load, packageFiles, restartCommand, serve} from "../../test/supervisor-support.ts";

afterEach(endAll);

describe("jopi-rewrite serve: rolling restarts", () => {
    test("SIGHUP and `jopi-rewrite restart` under keep-alive load: no failed request, no non-2xx, the new package served after", async () => {
        const {app, url} = await serve(["--workers", "2"]);
        const before = await (await fetch(url)).text();
        expect(before).toStartWith("v1 ");

        const traffic = load(url, 16);
        await Bun.sleep(300);
        // A new version of a package: hot reload does not see it, a restart must.
        for (const [path, content] of Object.entries(packageFiles("v2"))) app.write(path, content);
        process.kill(app.child.pid, "SIGHUP");
        await app.stdout.waitFor("jopi-rewrite: rolling restart done.", {timeoutMs: 15_000});
        await Bun.sleep(200);
        for (const [path, content] of Object.entries(packageFiles("v3"))) app.write(path, content);
        const command = await restartCommand(app);
        await Bun.sleep(200);
        const stats = await traffic.stop();

        expect(command.output).toContain("jopi-rewrite: rolling restart done.");
        expect(command.code).toBe(0);
        expect({failed: stats.failed, non2xx: stats.non2xx, errors: stats.errors.slice(0, 3)}).toEqual({failed: 0, non2xx: 0, errors: []});
        expect(stats.requests).toBeGreaterThan(200);
        expect(stats.closedByServer).toBeGreaterThan(0); // The old workers closed connections through their answers.
        expect([...stats.bodies].sort()).toEqual(["v1", "v2", "v3"]);
        expect(await (await fetch(url)).text()).toStartWith("v3 ");
        expect(app.stdout.lines.filter((line) => line.includes("drained in")).length).toBe(4);

        process.kill(app.child.pid, "SIGTERM");
        expect(await app.exited).toBe(0);
        await Bun.sleep(50);
        expect(groupAlive(app.child.pid)).toBe(false);
    }, 40_000);
});
