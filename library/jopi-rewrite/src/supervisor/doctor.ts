/**
 * `jopi-rewrite doctor`: what this host allows and lacks for restarts that lose no connection, one
 * line per check, `ok` or `warn` with the fix. It only reads: it changes no setting, and says for
 * the setting the supervisor would change whether this user could.
 * @module
 */
import {readFileSync} from "node:fs";
import {release} from "node:os";
import {getOnce} from "./get-once.ts";
import {sharesPorts} from "./platform.ts";
import {TCP_MIGRATE_FIX, TCP_MIGRATE_RISK, tcpMigrateState} from "./tcp-migrate.ts";

/** One check: whether it is fine, and a line saying what was found and, if not fine, the fix. */
export interface Check {
    ok: boolean;
    line: string;
}

const MIN_OPEN_FILES = 4096;
const MIN_SOMAXCONN = 1024;
// Connections opened to the two listeners: if the kernel spreads them, both answer some, but for a
// chance of 2 in 2^32.
const PROBES = 32;

function platformCheck(platform: string): Check {
    if (sharesPorts(platform)) return {ok: true, line: `platform: ${platform} ${release()}: workers can share a port.`};
    return {ok: false, line: `platform: ${platform}: the kernel does not spread a port's connections across processes, so serve refuses more than one worker. Fix: --workers 1, and a proxy in front of several supervisors; or Linux.`};
}

// Two listeners with reusePort on one port, as two workers are, and connections to it: both must answer.
async function reusePortCheck(): Promise<Check> {
    const serve = (name: string, port: number) => Bun.serve({hostname: "127.0.0.1", port, reusePort: true, fetch: () => new Response(name)});
    const first = serve("first", 0);
    let second: ReturnType<typeof serve> | undefined;
    try {
        second = serve("second", first.port!);
        const answers = new Set<string>();
        for (let probe = 0; probe < PROBES; probe++) answers.add((await getOnce("127.0.0.1", first.port!)).body);
        if (answers.size === 2) return {ok: true, line: `reusePort: two listeners on port ${first.port} both received connections.`};
        return {ok: false, line: `reusePort: of two listeners on port ${first.port}, only the ${[...answers][0]} received the ${PROBES} connections: extra workers would serve nothing. Fix: --workers 1.`};
    } catch (error) {
        return {ok: false, line: `reusePort: a second listener on port ${first.port} failed (${(error as Error).message}): workers cannot share a port. Fix: --workers 1.`};
    } finally {
        second?.stop(true);
        first.stop(true);
    }
}

function tcpMigrateCheck(): Check {
    const state = tcpMigrateState();
    if (!state.supported) return {ok: false, line: `tcp_migrate_req: missing (it needs Linux 5.14 or later): during restarts, ${TCP_MIGRATE_RISK}. Fix: a newer kernel.`};
    if (state.value !== 0) return {ok: true, line: `tcp_migrate_req: ${state.value}: connections queued in a restarting worker go to another worker.`};
    if (state.writable) return {ok: true, line: "tcp_migrate_req: 0, and this user may change it: serve turns it on at start (unless --no-tcp-migrate)."};
    return {ok: false, line: `tcp_migrate_req: 0, and this user may not change it (${state.why}): during restarts, ${TCP_MIGRATE_RISK}. Fix: ${TCP_MIGRATE_FIX}.`};
}

// The limits a child of this process gets, as the workers do: Bun may have raised its own soft limit.
function openFilesCheck(): Check {
    const shell = Bun.spawnSync(["sh", "-c", "ulimit -Sn; ulimit -Hn"], {stderr: "ignore"});
    const [soft, hard] = shell.stdout.toString().trim().split("\n");
    if (!shell.success || !soft || !hard) return {ok: false, line: "open files (ulimit -n): unknown, sh could not tell. Fix: check that `ulimit -n` is at least 4096 where serve runs."};
    const low = soft !== "unlimited" && Number(soft) < MIN_OPEN_FILES;
    if (!low) return {ok: true, line: `open files (ulimit -n): soft ${soft}, hard ${hard}.`};
    return {ok: false, line: `open files (ulimit -n): soft ${soft}, hard ${hard}, under ${MIN_OPEN_FILES}: each connection is a file, and a worker out of files refuses connections. Fix: raise it before serve: ulimit -n 65536 (systemd: LimitNOFILE=65536; docker run --ulimit nofile=65536:65536).`};
}

function somaxconnCheck(): Check {
    let value: number;
    try {
        value = Number(readFileSync("/proc/sys/net/core/somaxconn", "utf8").trim());
    } catch {
        return {ok: false, line: "somaxconn: unreadable in /proc/sys/net/core/somaxconn. Fix: check that net.core.somaxconn is at least 1024."};
    }
    if (value >= MIN_SOMAXCONN) return {ok: true, line: `somaxconn: ${value}.`};
    return {ok: false, line: `somaxconn: ${value}, under ${MIN_SOMAXCONN}: a worker's queue of connections not yet accepted overflows under a burst, and connections are dropped. Fix: sysctl -w net.core.somaxconn=4096 (docker run --sysctl net.core.somaxconn=4096).`};
}

/**
 * Runs every check for `platform`; the kernel settings are read on Linux only, the one platform
 * where several workers serve.
 * @example for (const check of await doctor()) console.log(formatCheck(check));
 * @see https://jopi-rewrite.dev/docs/production#jopi-rewrite-doctor
 */
export async function doctor(platform = process.platform): Promise<Check[]> {
    const checks = [platformCheck(platform), await reusePortCheck()];
    if (platform !== "win32") checks.push(openFilesCheck());
    if (platform === "linux") checks.push(tcpMigrateCheck(), somaxconnCheck());
    return checks;
}

/**
 * The line of a check: `ok` or `warn`, then what was found.
 * @example formatCheck({ok: false, line: "somaxconn: 128 ..."}); // "warn somaxconn: 128 ..."
 * @see https://jopi-rewrite.dev/docs/production#jopi-rewrite-doctor
 */
export const formatCheck = ({ok, line}: Check): string => `${ok ? "ok  " : "warn"} ${line}`;
