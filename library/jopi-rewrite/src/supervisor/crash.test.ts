import {afterEach, describe, expect, test} from "bun:test";
import {endAll, startHot} from "hot-harness";
import {appFiles, CLI, groupAlive, packageFiles, restartCommand, serve} from "../../test/supervisor-support.ts";

afterEach(endAll);

describe("jopi-rewrite serve: crashes", () => {
    test("a worker that crashes is replaced, with a delay that grows when it crashes again", async () => {
        const {app, url} = await serve(["--workers", "1"]);
        await fetch(`${url}/crash`).catch(() => {});
        await app.stdout.waitFor("jopi-rewrite: worker 1 crashed (code 3); replacing it in 100 ms.");
        await app.stdout.waitFor(/^jopi-rewrite: worker 2 is ready on port \d+\.$/);
        await fetch(`${url}/crash`).catch(() => {});
        await app.stdout.waitFor("jopi-rewrite: worker 2 crashed (code 3); replacing it in 200 ms.");
        await app.stdout.waitFor(/^jopi-rewrite: worker 3 is ready on port \d+\.$/);
        expect(await (await fetch(url)).text()).toStartWith("v1 ");
    }, 20_000);

    test("a new version that crashes at start stops the restart: its error is shown and the old workers keep serving", async () => {
        const {app, url} = await serve(["--workers", "2"]);
        const broken = packageFiles("v2", `throw new Error("the database URL is missing");\nexport const version = "v2";`);
        for (const [path, content] of Object.entries(broken)) app.write(path, content);
        const command = await restartCommand(app);

        expect(command.code).toBe(1);
        expect(command.output).toContain("(attempt 3 of 3)");
        expect(command.output).toMatch(/jopi-rewrite: restart aborted: worker 5 exited at start \(code 1\)\. The workers not restarted yet keep serving\./);
        expect(command.output).toContain("error: the database URL is missing");
        expect(app.stderr.lines).toContainEqual(expect.stringContaining("[worker 3] error: the database URL is missing"));
        const answers = await Promise.all([0, 1, 2, 3].map(async () => (await fetch(url)).text()));
        expect(answers.every((body) => body.startsWith("v1 "))).toBe(true);
        expect(new Set(answers.map((body) => body.split(" ")[1])).size).toBeLessThanOrEqual(2);
    }, 20_000);

    test("an app that cannot start makes `serve` exit 1 with its error, leaving no process", async () => {
        const files = {...appFiles("v1"), ...packageFiles("v1", `throw new Error("no config");\nexport const version = "v1";`)};
        const app = startHot({files, entry: CLI, mode: "none", args: ["serve", "app.ts", "--workers", "2"]});
        expect(await app.exited).toBe(1);
        expect(app.stderr.lines.join("\n")).toMatch(/jopi-rewrite: could not start app\.ts: worker 3 exited at start \(code 1\)\. Its last lines:[^]*error: no config/);
        expect(groupAlive(app.child.pid)).toBe(false);
    }, 20_000);
});
