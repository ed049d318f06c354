import {afterEach, describe, expect, test} from "bun:test";
import {endAll, freePort, startHot, type HotProcess} from "hot-harness";
import {appFiles, CLI, exitWithin, groupAlive, loserAndWinner} from "../../test/supervisor-support.ts";

afterEach(endAll);

const STARTED = / worker\(s\) of app\.ts answer on port /;
const REFUSED = (port: number, by: string) => new RegExp(`^jopi-rewrite: port ${port} is already served by ${by}; stop it, or pass --join to add these workers to it\\.$`);

function supervise(version: string, port: number, args: string[] = []): HotProcess {
    return startHot({files: appFiles(version), entry: CLI, mode: "none", args: ["serve", "app.ts", "--workers", "2", ...args], env: {PORT: String(port)}});
}

/** The versions that answered `count` requests, each on a new connection. */
async function versions(port: number, count = 24): Promise<Set<string>> {
    const bodies = await Promise.all(Array.from({length: count}, async () => (await fetch(`http://127.0.0.1:${port}/`, {headers: {connection: "close"}})).text()));
    return new Set(bodies.map((body) => body.split(" ")[0]!));
}

describe("a second supervisor on a port already served", () => {
    test("in another folder, it refuses in one line naming the first app and starts no worker; the first alone keeps answering", async () => {
        const port = await freePort();
        const first = supervise("a", port);
        await first.stdout.waitFor(STARTED, {timeoutMs: 15_000});
        const second = supervise("b", port);

        expect(await exitWithin(second, 12_000)).toBe(1);
        expect(second.stderr.lines).toHaveLength(1);
        expect(second.stderr.lines[0]).toMatch(REFUSED(port, `jopi-rewrite serve ${first.dir}/app\\.ts \\(pid ${first.child.pid}\\)`));
        expect(second.stdout.lines.filter((line) => line.includes("Website started"))).toEqual([]);
        expect(groupAlive(second.child.pid)).toBe(false);
        expect([...(await versions(port))]).toEqual(["a"]);
    }, 30_000);

    test("served by a program outside jopi-rewrite that shares it through reusePort, it names that program", async () => {
        const port = await freePort();
        const other = startHot({
            files: {"other.ts": `Bun.serve({port: ${port}, reusePort: true, fetch: () => new Response("other")}); console.log("listening");`},
            entry: "other.ts",
            mode: "none",
        });
        await other.stdout.waitFor("listening");
        const app = supervise("a", port);

        expect(await exitWithin(app, 12_000)).toBe(1);
        expect(app.stderr.lines).toHaveLength(1);
        expect(app.stderr.lines[0]).toMatch(REFUSED(port, `pid ${other.child.pid} \\(bun[^)]*\\)`));
        expect([...(await versions(port, 8))]).toEqual(["other"]);
    }, 30_000);

    test("--join adds its workers knowingly; once they leave, the first still holds the port", async () => {
        const port = await freePort();
        const first = supervise("a", port);
        await first.stdout.waitFor(STARTED, {timeoutMs: 15_000});
        const joined = supervise("b", port, ["--join"]);
        await joined.stdout.waitFor(STARTED, {timeoutMs: 15_000});
        expect([...(await versions(port, 40))].sort()).toEqual(["a", "b"]);

        process.kill(joined.child.pid, "SIGTERM");
        expect(await joined.exited).toBe(0);
        expect([...(await versions(port))]).toEqual(["a"]);
        const third = supervise("c", port);
        expect(await exitWithin(third, 12_000)).toBe(1);
        expect(third.stderr.lines[0]).toMatch(REFUSED(port, `jopi-rewrite serve ${first.dir}/app\\.ts \\(pid ${first.child.pid}\\)`));
    }, 40_000);

    test("two started at the same instant in two folders: exactly one serves the port", async () => {
        const port = await freePort();
        const apps = [supervise("a", port), supervise("b", port)];
        const {loser, winner} = await loserAndWinner(apps);

        expect(await loser.exited).toBe(1);
        expect(loser.stderr.lines).toHaveLength(1);
        expect(loser.stderr.lines[0]).toMatch(REFUSED(port, `jopi-rewrite serve .+/app\\.ts \\(pid \\d+\\)`));
        await winner.stdout.waitFor(STARTED, {timeoutMs: 15_000});
        expect(await exitWithin(winner, 500)).toBe("still running");
        expect([...(await versions(port))]).toEqual([winner === apps[0] ? "a" : "b"]);
    }, 40_000);
});
