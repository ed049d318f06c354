import {afterEach, describe, expect, test} from "bun:test";
import {freePort, type HotProcess} from "hot-harness";
import {readFileSync} from "node:fs";
import {appFiles, CLI} from "../../test/supervisor-support.ts";
import {endNamespaced, namespaceUnavailable, readIn, readOnlyUnavailable, startLoad, startNamespaced} from "../../test/network-namespace.ts";
import {TCP_MIGRATE_REQ} from "./tcp-migrate.ts";

afterEach(endNamespaced);

if (namespaceUnavailable) console.log(`skipped: the tcp_migrate_req tests, as ${namespaceUnavailable}.`);
else if (readOnlyUnavailable) console.log(`skipped: the read-only /proc/sys test, as ${readOnlyUnavailable}.`);

const TURNED_ON = "jopi-rewrite: turned on net.ipv4.tcp_migrate_req in this network namespace, so that connections queued in a restarting worker go to another worker instead of being reset (--no-tcp-migrate leaves it alone).";
const SETTING = /tcp_migrate_req/;
const READY = / worker\(s\) of app\.ts answer on port /;
const CLIENTS = 16;
const hostSetting = () => readFileSync(TCP_MIGRATE_REQ, "utf8").trim();

/** Starts `jopi-rewrite serve app.ts` in a network namespace of its own; resolves once its workers are up. */
async function serveInNamespace(args: string[], readOnlySys = false, env: Record<string, string> = {}): Promise<{app: HotProcess; port: number}> {
    const port = await freePort();
    const app = startNamespaced(appFiles("v1"), [CLI, "serve", "app.ts", ...args], {readOnlySys, env: {...env, PORT: String(port)}});
    await app.stdout.waitFor(READY, {timeoutMs: 15_000});
    return {app, port};
}

/** Rolling restarts (SIGHUP) under connection-per-request clients; what the clients counted. */
async function restartsUnderLoad(app: HotProcess, port: number, restarts: number) {
    const load = await startLoad(app.child.pid, port, CLIENTS);
    for (let restart = 0; restart < restarts; restart++) {
        process.kill(app.child.pid, "SIGHUP");
        await app.stdout.waitFor("jopi-rewrite: rolling restart done.", {timeoutMs: 20_000});
    }
    return load.stop();
}

describe("jopi-rewrite serve: net.ipv4.tcp_migrate_req, in a network namespace of its own", () => {
    test.skipIf(!!namespaceUnavailable)("where it is 0 and may be changed, serve turns it on, says so once, and 3 restarts under connection-per-request load reset at most 2 of their requests (a restart resets about 6 without it)", async () => {
        const before = hostSetting();
        const {app, port} = await serveInNamespace(["--workers", "2"]);
        expect(app.stdout.lines.filter((line) => SETTING.test(line))).toEqual([TURNED_ON]);
        expect(readIn(app.child.pid, TCP_MIGRATE_REQ)).toBe("1");

        const counts = await restartsUnderLoad(app, port, 3);
        console.log(`with tcp_migrate_req turned on: ${counts.failed} failed of ${counts.requests + counts.failed} connection-per-request requests over 3 restarts.`);
        // Not 0: about one restart in 40 under this load still resets one request. The kernel moves
        // every connection queued in the closing listener (its counters show no failed move); in the
        // one reset traced, the draining worker's graceful stop() closed a connection with a request
        // unread in it (the kernel counted a TCPAbortOnData). Which connection, is not settled.
        // Without the setting a restart resets about 6, so a bound of 2 fails when it does nothing.
        expect(counts.failed).toBeLessThanOrEqual(2);
        for (const error of Object.keys(counts.errors)) expect(error).toMatch(/^ECONNRESET from |closed the connection without an answer$/);
        expect(counts.non2xx).toBe(0);
        expect(counts.requests).toBeGreaterThan(50_000);
        expect(app.stdout.count(SETTING)).toBe(1);
        process.kill(app.child.pid, "SIGTERM");
        expect(await app.exited).toBe(0);
        expect(hostSetting()).toBe(before);
    }, 60_000);

    test.skipIf(!!namespaceUnavailable)("with --no-tcp-migrate, serve leaves it at 0 and says nothing of it; the failures under the same load are reported (one restart)", async () => {
        const before = hostSetting();
        const {app, port} = await serveInNamespace(["--workers", "2", "--no-tcp-migrate"]);
        // One restart: resets depend on timing (a connection must be queued in the very worker
        // that closes), so they are reported, not asserted; the bench measures them over many.
        const counts = await restartsUnderLoad(app, port, 1);
        console.log(`with --no-tcp-migrate: ${counts.failed} failed of ${counts.requests + counts.failed} connection-per-request requests over 1 restart ${JSON.stringify(counts.errors)}.`);
        expect(counts.requests).toBeGreaterThan(500);
        expect(app.stdout.count(SETTING)).toBe(0);
        expect(app.stderr.count(SETTING)).toBe(0);
        expect(readIn(app.child.pid, TCP_MIGRATE_REQ)).toBe("0");
        process.kill(app.child.pid, "SIGTERM");
        expect(await app.exited).toBe(0);
        expect(hostSetting()).toBe(before);
    }, 60_000);

    test.skipIf(!!namespaceUnavailable)("JOPI_REWRITE_NO_TCP_MIGRATE=1, as the test preload sets it for every other supervisor, does what --no-tcp-migrate does", async () => {
        const {app} = await serveInNamespace(["--workers", "1"], false, {JOPI_REWRITE_NO_TCP_MIGRATE: "1"});
        expect(app.stdout.count(SETTING) + app.stderr.count(SETTING)).toBe(0);
        expect(readIn(app.child.pid, TCP_MIGRATE_REQ)).toBe("0");
    });

    test.skipIf(!!readOnlyUnavailable)("where /proc/sys is read-only, serve warns once with the commands that turn it on, and serves", async () => {
        const {app, port} = await serveInNamespace(["--workers", "1"], true);
        const warnings = app.stdout.lines.filter((line) => SETTING.test(line));
        expect(warnings).toHaveLength(1);
        expect(warnings[0]).toStartWith("jopi-rewrite: warning: net.ipv4.tcp_migrate_req is 0 and this process may not change it (EROFS), so during restarts new connections queued in a restarting worker may be reset");
        expect(warnings[0]).toContain("Turn it on: sysctl -w net.ipv4.tcp_migrate_req=1 (in a container: docker run --sysctl net.ipv4.tcp_migrate_req=1; in Kubernetes: the pod's securityContext.sysctls");
        expect(readIn(app.child.pid, TCP_MIGRATE_REQ)).toBe("0");

        // A restart does not warn again.
        const load = await startLoad(app.child.pid, port, 4);
        process.kill(app.child.pid, "SIGHUP");
        await app.stdout.waitFor("jopi-rewrite: rolling restart done.", {timeoutMs: 20_000});
        await load.stop();
        expect(app.stdout.count(SETTING)).toBe(1);
    }, 40_000);
});
