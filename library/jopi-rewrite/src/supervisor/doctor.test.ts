import {describe, expect, test} from "bun:test";
import {BUN} from "hot-harness";
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {CLI} from "../../test/supervisor-support.ts";
import {inNamespace, namespaceUnavailable, readOnlyUnavailable} from "../../test/network-namespace.ts";
import {TCP_MIGRATE_REQ} from "./tcp-migrate.ts";

if (namespaceUnavailable) console.log(`skipped: the doctor tests in a network namespace, as ${namespaceUnavailable}.`);
else if (readOnlyUnavailable) console.log(`skipped: the doctor test with a read-only /proc/sys, as ${readOnlyUnavailable}.`);

const DOCTOR = [BUN, CLI, "doctor"];
// Runs `before` (shell commands), then `jopi-rewrite doctor`, then prints the setting again.
const script = (before: string) => ["sh", "-c", `${before}\n"$@"; code=$?; echo "setting after: $(cat ${TCP_MIGRATE_REQ})"; exit $code`, "sh", ...DOCTOR];

async function run(command: string[]): Promise<{code: number; lines: string[]}> {
    const child = Bun.spawn(command, {stdout: "pipe", stderr: "pipe", timeout: 20_000});
    const [out, err, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
    return {code, lines: (out + err).trim().split("\n")};
}

const CHECKS = /^(ok  |warn) (platform|reusePort|open files \(ulimit -n\)|tcp_migrate_req|somaxconn): /;
const line = (lines: string[], check: string) => lines.find((found) => found.slice(5).startsWith(`${check}:`));

describe("jopi-rewrite doctor", () => {
    test("on this machine: one line per check, ok or warn; exit 0 only when all are ok; nothing changed", async () => {
        const before = readFileSync(TCP_MIGRATE_REQ, "utf8");
        const {code, lines} = await run(DOCTOR);
        expect(lines.map((found) => CHECKS.exec(found)?.[2])).toEqual(["platform", "reusePort", "open files (ulimit -n)", "tcp_migrate_req", "somaxconn"]);
        expect(line(lines, "reusePort")).toMatch(/^ok   reusePort: two listeners on port \d+ both received connections\.$/);
        expect(code).toBe(lines.every((found) => found.startsWith("ok ")) ? 0 : 1);
        expect(readFileSync(TCP_MIGRATE_REQ, "utf8")).toBe(before);
    });

    test("where workers cannot share a port (macOS), the platform warns with the fix, the Linux settings are not read, and it exits 1", async () => {
        const dir = mkdtempSync(join(tmpdir(), "jopi-doctor-"));
        try {
            writeFileSync(join(dir, "as-macos.ts"), `Object.defineProperty(process, "platform", {value: "darwin"});`);
            const {code, lines} = await run([BUN, "--preload", join(dir, "as-macos.ts"), CLI, "doctor"]);
            expect(code).toBe(1);
            expect(lines[0]).toBe("warn platform: darwin: the kernel does not spread a port's connections across processes, so serve refuses more than one worker. Fix: --workers 1, and a proxy in front of several supervisors; or Linux.");
            expect(lines.some((found) => /tcp_migrate_req|somaxconn/.test(found))).toBe(false);
        } finally {
            rmSync(dir, {recursive: true, force: true});
        }
    });

    test.skipIf(!!namespaceUnavailable)("in a network namespace where the setting is 0 and may be changed: ok, serve would turn it on; doctor leaves it at 0", async () => {
        const {code, lines} = await run(inNamespace(script("")));
        expect(line(lines, "tcp_migrate_req")).toBe("ok   tcp_migrate_req: 0, and this user may change it: serve turns it on at start (unless --no-tcp-migrate).");
        expect(lines.at(-1)).toBe("setting after: 0");
        expect(code).toBe(lines.slice(0, -1).every((found) => found.startsWith("ok ")) ? 0 : 1);
    });

    test.skipIf(!!namespaceUnavailable)("with the setting on, somaxconn at 128 and 1000 open files at most: those two warn with their fix, and it exits 1", async () => {
        const {code, lines} = await run(inNamespace(script(`echo 1 > ${TCP_MIGRATE_REQ}; echo 128 > /proc/sys/net/core/somaxconn; ulimit -n 1000`)));
        expect(line(lines, "tcp_migrate_req")).toBe("ok   tcp_migrate_req: 1: connections queued in a restarting worker go to another worker.");
        expect(line(lines, "somaxconn")).toBe("warn somaxconn: 128, under 1024: a worker's queue of connections not yet accepted overflows under a burst, and connections are dropped. Fix: sysctl -w net.core.somaxconn=4096 (docker run --sysctl net.core.somaxconn=4096).");
        expect(line(lines, "open files (ulimit -n)")).toStartWith("warn open files (ulimit -n): soft 1000, hard 1000, under 4096: ");
        expect(code).toBe(1);
    });

    test.skipIf(!!readOnlyUnavailable)("where /proc/sys is read-only: the setting warns with what is at risk and the commands that turn it on, and it exits 1", async () => {
        const {code, lines} = await run(inNamespace(script(""), true));
        expect(line(lines, "tcp_migrate_req")).toBe(
            'warn tcp_migrate_req: 0, and this user may not change it (EROFS): during restarts, new connections queued in a restarting worker may be reset (clients that open a connection per request, such as health checks and curl, see ECONNRESET). Fix: sysctl -w net.ipv4.tcp_migrate_req=1 (in a container: docker run --sysctl net.ipv4.tcp_migrate_req=1; in Kubernetes: the pod\'s securityContext.sysctls [{name: net.ipv4.tcp_migrate_req, value: "1"}], allowed by the kubelet\'s --allowed-unsafe-sysctls).',
        );
        expect(code).toBe(1);
    });
});
