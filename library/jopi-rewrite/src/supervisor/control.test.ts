import {afterEach, describe, expect, test} from "bun:test";
import {BUN, endAll, freePort, startHot, type HotProcess} from "hot-harness";
import {chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {appFiles, CLI, exitWithin, groupAlive, loserAndWinner, restartCommand, serve, serveIn} from "../../test/supervisor-support.ts";

const extra: HotProcess[] = [];
const folders: string[] = [];
afterEach(async () => {
    await Promise.all(extra.splice(0).map((app) => app.stop()));
    await endAll();
    for (const folder of folders.splice(0)) rmSync(folder, {recursive: true, force: true});
});

const STARTED = / worker\(s\) of app\.ts answer on port /;

/** Runs `args` as uid/gid 65534 (nobody), as another local user would. */
async function asNobody(args: string[]): Promise<{code: number; output: string}> {
    const child = Bun.spawn(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", ...args], {env: {...process.env, HOME: "/tmp"}, stdout: "pipe", stderr: "pipe"});
    const [out, err, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
    return {code, output: out + err};
}

// Acting as another user needs root (setpriv changes the uid): elsewhere that test is skipped, by name.
const asAnotherUser = process.getuid?.() === 0 && Bun.which("setpriv") !== null;
if (!asAnotherUser) console.warn("control.test.ts: not root, or no setpriv: the test that a control file refuses another user is skipped.");

describe("the control file", () => {
    test.skipIf(!asAnotherUser)("is created 0600 even under umask 000: another user cannot restart the workers", async () => {
        // A folder every user may cross, as a project folder often is: only the file's mode protects it.
        const shared = mkdtempSync(join(tmpdir(), "jopi-control-"));
        folders.push(shared);
        chmodSync(shared, 0o755);
        const control = join(shared, "control.sock");
        const files = {...appFiles("v1"), "umask-000.ts": "process.umask(0);"};
        const app = startHot({files, entry: "--preload", mode: "none", args: ["./umask-000.ts", CLI, "serve", "app.ts", "--workers", "1", "--control", control], env: {PORT: String(await freePort())}});
        await app.stdout.waitFor(STARTED, {timeoutMs: 15_000});

        expect((statSync(control).mode & 0o777).toString(8)).toBe("600");
        const other = await asNobody([BUN, CLI, "restart", "--control", control]);
        expect(other).toEqual({code: 1, output: `jopi-rewrite: the control file ${control} belongs to another user (permission denied); run \`jopi-rewrite restart\` as the user who runs \`jopi-rewrite serve\`.\n`});
        expect(app.stdout.lines.some((line) => line.includes("rolling restart"))).toBe(false);
        expect((await restartCommand(app, ["--control", control])).code).toBe(0); // Its owner still can.
    }, 30_000);

    test("--control naming a file that is not a control socket is refused, naming the file, which is left alone", async () => {
        const files = {...appFiles("v1"), "notes.txt": "my notes\n"};
        const app = startHot({files, entry: CLI, mode: "none", args: ["serve", "app.ts", "--workers", "1", "--control", "notes.txt"], env: {PORT: String(await freePort())}});
        expect(await exitWithin(app, 10_000)).toBe(1);
        expect(app.stderr.lines).toEqual(["jopi-rewrite: notes.txt exists and is not a control socket; remove it, or give another path with --control."]);
        expect(readFileSync(join(app.dir, "notes.txt"), "utf8")).toBe("my notes\n");
        expect(app.stdout.lines.some((line) => line.startsWith("[worker"))).toBe(false);
    }, 20_000);

    test("a control socket left by a supervisor that was killed is replaced", async () => {
        const files = appFiles("v1");
        const port = await freePort();
        const first = startHot({files, entry: CLI, mode: "none", args: ["serve", "app.ts", "--workers", "1"], env: {PORT: String(port)}});
        await first.stdout.waitFor(STARTED, {timeoutMs: 15_000});
        process.kill(first.child.pid, "SIGKILL");
        await first.exited;
        for (let waited = 0; groupAlive(first.child.pid) && waited < 5_000; waited += 50) await Bun.sleep(50);
        expect(existsSync(join(first.dir, ".jopi-rewrite.sock"))).toBe(true);

        const second = serveIn(first.dir, ["--workers", "1"], {PORT: String(port)});
        extra.push(second);
        await second.stdout.waitFor(STARTED, {timeoutMs: 15_000});
        expect((await restartCommand(second)).code).toBe(0);
    }, 30_000);

    test("two supervisors started at once in one folder: one serves, the other refuses in one line and starts no worker", async () => {
        const files = appFiles("v1");
        const port = await freePort();
        const first = startHot({files, entry: CLI, mode: "none", args: ["serve", "app.ts", "--workers", "2"], env: {PORT: String(port)}});
        const second = serveIn(first.dir, ["--workers", "2"], {PORT: String(port)});
        extra.push(second);
        const {loser, winner} = await loserAndWinner([first, second]);

        expect(await loser.exited).toBe(1);
        expect(loser.stderr.lines).toHaveLength(1);
        expect(loser.stderr.lines[0]).toMatch(/^jopi-rewrite: a supervisor \(pid \d+, serving app\.ts\) already runs with the control file \.jopi-rewrite\.sock; stop it, or give this one another with --control\.$/);
        expect(loser.stdout.lines.some((line) => line.startsWith("[worker"))).toBe(false);
        await winner.stdout.waitFor(STARTED, {timeoutMs: 15_000});
        expect(await exitWithin(winner, 500)).toBe("still running");
        expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200);
        expect((await restartCommand(winner)).code).toBe(0);
    }, 40_000);
});

describe("jopi-rewrite restart", () => {
    test("the control file of a stopped supervisor is removed, and restart then says no supervisor answers", async () => {
        const {app} = await serve(["--workers", "1"]);
        process.kill(app.child.pid, "SIGTERM");
        expect(await app.exited).toBe(0);
        expect(existsSync(join(app.dir, ".jopi-rewrite.sock"))).toBe(false);
        expect((await restartCommand(app)).output).toContain("no supervisor answers on the control file .jopi-rewrite.sock");
    }, 20_000);
});
