import {afterEach, describe, expect, test} from "bun:test";
import {endAll, StreamClient} from "hot-harness";
import {appFiles, groupAlive, KeepAliveConnection, serve} from "../../test/supervisor-support.ts";

afterEach(endAll);

describe("a draining worker", () => {
    test("finishes the request in flight, closes a busy keep-alive connection through its next answer, and an idle one after", async () => {
        const {app, url} = await serve(["--workers", "1"]);
        const {hostname, port} = new URL(url);
        // One worker: every connection below goes to the worker about to be replaced.
        const [busy, idle, slow] = [0, 1, 2].map(() => new KeepAliveConnection(hostname, Number(port)));
        expect((await busy!.get(url)).close).toBe(false);
        expect((await idle!.get(url)).close).toBe(false);
        const inFlight = slow!.get(`${url}/slow?ms=1500`);
        await Bun.sleep(100);

        process.kill(app.child.pid, "SIGHUP");
        await app.stdout.waitFor(/^\[worker 1\] jopi-rewrite: draining/, {timeoutMs: 10_000});
        const last = await busy!.get(url);
        expect({status: last.status, close: last.close}).toEqual({status: 200, close: true});
        await busy!.ended;

        const slowAnswer = await inFlight;
        expect({status: slowAnswer.status, body: slowAnswer.body}).toEqual({status: 200, body: "slow v1"});
        await idle!.ended; // Closed by the worker once it had seen no request for a while.
        await app.stdout.waitFor("jopi-rewrite: rolling restart done.");
        expect(app.stdout.lines).toContainEqual(expect.stringMatching(/^\[worker 1\] jopi-rewrite: drained in \d+ ms; exiting\.$/));
        slow!.end();
    }, 20_000);

    test("past --drain-timeout the worker is killed and the supervisor says so; SIGTERM still exits 0 with no process left", async () => {
        const {app, url} = await serve(["--workers", "2", "--drain-timeout", "800"]);
        const {hostname, port} = new URL(url);
        const stuck = [0, 1, 2, 3].map(() => new KeepAliveConnection(hostname, Number(port)));
        // Several connections, so that both workers likely hold one request that outlasts the timeout.
        const answers = stuck.map((connection) => connection.get(`${url}/slow?ms=60000`).catch((error: Error) => error));
        await Bun.sleep(300);
        process.kill(app.child.pid, "SIGTERM");
        expect(await app.exited).toBe(0);
        expect(app.stdout.lines).toContainEqual(expect.stringMatching(/^jopi-rewrite: worker \d was still draining after 800 ms \(requests or connections still open\); killed it\.$/));
        expect(app.stdout.lines.at(-1)).toBe("jopi-rewrite: every worker has exited.");
        expect((await answers[0]) instanceof Error).toBe(true);
        await Bun.sleep(50);
        expect(groupAlive(app.child.pid)).toBe(false);
    }, 20_000);

    test("Ctrl-C (SIGINT to the whole group) drains and exits 0; workers whose supervisor is killed exit by themselves", async () => {
        const first = await serve(["--workers", "2"]);
        process.kill(-first.app.child.pid, "SIGINT");
        expect(await first.app.exited).toBe(0);
        await Bun.sleep(50);
        expect(groupAlive(first.app.child.pid)).toBe(false);

        const second = await serve(["--workers", "2"]);
        process.kill(second.app.child.pid, "SIGKILL");
        await second.app.exited;
        expect(groupAlive(second.app.child.pid)).toBe(true); // The workers, draining.
        for (let waited = 0; groupAlive(second.app.child.pid) && waited < 5_000; waited += 50) await Bun.sleep(50);
        expect(groupAlive(second.app.child.pid)).toBe(false);
    }, 20_000);

    test("an open event stream does not hold the drain to its limit: it is no request in flight, and ends with a retry hint", async () => {
        const files = appFiles("v1");
        files["app.ts"] = files["app.ts"]!.replace("server.startServer();", 'site.onGET("/events", req => req.eventStream({channel: "news"}));\nserver.startServer();');
        const {app, url} = await serve(["--workers", "1"], files);
        const stream = await StreamClient.connect(`${url}/events`);
        process.kill(app.child.pid, "SIGHUP");
        const drained = await app.stdout.waitFor(/^\[worker 1\] jopi-rewrite: drained in \d+ ms; exiting\.$/, {timeoutMs: 10_000});
        await stream.ended;
        expect(stream.retry).toBe(1_000);
        // The limit is 3 s without a quiet moment; with no request, the quiet moment comes at once.
        expect(Number(/drained in (\d+) ms/.exec(drained)![1])).toBeLessThan(2_000);
    }, 20_000);
});
