import {afterEach, describe, expect, test} from "bun:test";
import {BUN, endAll, freePort, startHot} from "hot-harness";
import {mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {appFiles, CLI, serve} from "../../test/supervisor-support.ts";

afterEach(endAll);

async function command(args: string[], cwd = tmpdir()): Promise<{code: number; out: string; err: string}> {
    const child = Bun.spawn([BUN, CLI, ...args], {cwd, stdout: "pipe", stderr: "pipe"});
    const [out, err, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
    return {code, out, err};
}

describe("the jopi-rewrite command", () => {
    test("--help prints the usage; a wrong command or option says what is wrong, with the usage, and exits 1", async () => {
        const help = await command(["--help"]);
        expect(help.code).toBe(0);
        expect(help.out).toContain("jopi-rewrite serve <app.ts> [--workers N]");
        expect(help.out).toContain("--join   lets serve add its workers to a port that another program already serves");
        expect(help.out).toContain("jopi-rewrite doctor\n");
        expect(help.out).toContain("--no-tcp-migrate leaves net.ipv4.tcp_migrate_req alone, and unsaid.");
        expect(help.out).toContain("--workers above 1 needs Linux");
        const unknown = await command(["deploy"]);
        expect({code: unknown.code, first: unknown.err.split("\n")[0]}).toEqual({code: 1, first: 'jopi-rewrite: unknown command "deploy".'});
        const workers = await command(["serve", "app.ts", "--workers", "two"]);
        expect({code: workers.code, err: workers.err.trim()}).toEqual({code: 1, err: 'jopi-rewrite: --workers must be a whole number of at least 1, not "two".'});
    });

    test("restart without a running supervisor says where it looked and exits 1", async () => {
        const dir = mkdtempSync(join(tmpdir(), "jopi-restart-"));
        try {
            const result = await command(["restart"], dir);
            expect(result.code).toBe(1);
            expect(result.err.trim()).toBe("jopi-rewrite: no supervisor answers on the control file .jopi-rewrite.sock. Is `jopi-rewrite serve` running in this folder? (Or give its --control path.)");
        } finally {
            rmSync(dir, {recursive: true, force: true});
        }
    });

    test("outside Linux, --workers above 1 is refused before any worker starts, saying why and what to do; without --workers, 1 worker serves", async () => {
        const files = {...appFiles("v1"), "as-macos.ts": `Object.defineProperty(process, "platform", {value: "darwin"});`};
        const port = await freePort();
        // The preload pretends to be macOS in the supervisor only: the workers it starts are real.
        const asMacos = (args: string[]) => startHot({files, entry: "--preload", mode: "none", args: ["./as-macos.ts", CLI, "serve", "app.ts", ...args], env: {PORT: String(port)}});
        const refused = asMacos(["--workers", "2"]);
        expect(await refused.exited).toBe(1);
        await Bun.sleep(50);
        expect(refused.stderr.lines).toEqual([
            "jopi-rewrite: --workers 2 needs Linux: on darwin, processes listening with reusePort do not share a port's connections (the last one takes them all, or fails to listen), so 1 of 2 workers would serve nothing. Run one worker (--workers 1), and for more, put a proxy in front of several supervisors on different ports.",
        ]);
        expect(refused.stdout.lines).toEqual([]); // No worker started, no setting changed.

        const one = asMacos([]);
        await one.stdout.waitFor(/ worker\(s\) of app\.ts answer on port /, {timeoutMs: 15_000});
        expect(one.stdout.lines.at(-1)).toStartWith("jopi-rewrite: 1 worker(s) of app.ts answer on port ");
        expect(one.stdout.count(/tcp_migrate_req/)).toBe(0); // A Linux setting: not looked at elsewhere.
    });

    test("a second supervisor in the same folder is refused, and the first keeps serving", async () => {
        const {app, url} = await serve(["--workers", "1"]);
        const second = await command(["serve", "app.ts", "--workers", "1"], app.dir);
        expect({code: second.code, err: second.err.trim()}).toEqual({code: 1, err: `jopi-rewrite: a supervisor (pid ${app.child.pid}, serving app.ts) already runs with the control file .jopi-rewrite.sock; stop it, or give this one another with --control.`});
        expect((await fetch(url)).status).toBe(200);
    });
});
