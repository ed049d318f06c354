import type {Subprocess} from "bun";
import {BUN, HotProcess, killGroup, LineLog, REPO_ROOT} from "hot-harness";
import {mkdirSync, mkdtempSync, writeFileSync} from "node:fs";
import {dirname, join} from "node:path";
import {TCP_MIGRATE_REQ} from "../src/supervisor/tcp-migrate.ts";

// Processes run in a network namespace of their own, with its own kernel settings, so that what the
// supervisor changes there never reaches the host. Root makes one with `unshare -n`; another user
// with `unshare -rn`, where the kernel allows unprivileged user namespaces.
const root = process.getuid?.() === 0;
const UNSHARE = root ? ["unshare", "-n"] : ["unshare", "-rn"];
const NSENTER = root ? ["-n"] : ["-U", "-n", "--preserve-credentials"];
// A new namespace's loopback is down. The optional step makes /proc/sys read-only in a private
// mount namespace, as a container without --privileged has it.
const SETUP = `ip link set lo up 2>/dev/null || ifconfig lo up || { echo "no ip or ifconfig to bring lo up" >&2; exit 97; }
[ "$READ_ONLY_SYS" = 1 ] && { mount --bind -o ro /proc/sys /proc/sys || exit 98; }
exec "$@"`;

/** The command that runs `command` in a new network namespace (and /proc/sys read-only, if asked). */
export function inNamespace(command: string[], readOnlySys = false): string[] {
    return [...UNSHARE, ...(readOnlySys ? ["-m"] : []), "env", `READ_ONLY_SYS=${readOnlySys ? 1 : 0}`, "sh", "-c", SETUP, "sh", ...command];
}

/** The command that runs `command` in the network namespace of the process `pid`. */
export const joinNamespace = (pid: number, command: string[]): string[] => ["nsenter", "-t", String(pid), ...NSENTER, ...command];

function probe(command: string[]): string | undefined {
    try {
        const result = Bun.spawnSync(command, {stderr: "pipe", stdout: "pipe"});
        return result.success ? result.stdout.toString() : `\`${command.slice(0, 3).join(" ")}\` failed: ${result.stderr.toString().trim() || `exit ${result.exitCode}`}`;
    } catch (error) {
        return `\`${command[0]}\` cannot run: ${(error as Error).message}`;
    }
}

const settingProbe = process.platform !== "linux" ? "not Linux" : probe(inNamespace(["cat", TCP_MIGRATE_REQ]));
/** Why no network namespace with tcp_migrate_req can be made here, or undefined when it can. */
export const namespaceUnavailable = settingProbe === "0\n" ? undefined : `a private network namespace with tcp_migrate_req at 0 is unavailable (${settingProbe?.trim()})`;

const readOnlyProbe = namespaceUnavailable ?? probe(inNamespace(["sh", "-c", `echo 1 > ${TCP_MIGRATE_REQ} 2>/dev/null || echo refused`], true));
/** Why /proc/sys cannot be made read-only in a private namespace here, or undefined when it can. */
export const readOnlyUnavailable = readOnlyProbe === "refused\n" ? undefined : `a private namespace with a read-only /proc/sys is unavailable (${readOnlyProbe?.trim()})`;

const started = new Set<HotProcess>();
const loads = new Set<Subprocess>();

/**
 * Starts `command` in a new network namespace, in a scratch folder holding `files`, in its own
 * process group; `endNamespaced()` ends it.
 */
export function startNamespaced(files: Record<string, string>, command: string[], options: {readOnlySys?: boolean; env?: Record<string, string>} = {}): HotProcess {
    mkdirSync(join(REPO_ROOT, ".scratch"), {recursive: true});
    const dir = mkdtempSync(join(REPO_ROOT, ".scratch", "netns-"));
    for (const [path, content] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, path)), {recursive: true});
        writeFileSync(join(dir, path), content);
    }
    const child = Bun.spawn(inNamespace([BUN, ...command], options.readOnlySys), {
        cwd: dir,
        // Without the variable that the test preload sets for every other supervisor.
        env: {...process.env, JOPI_REWRITE_NO_TCP_MIGRATE: "", FORCE_COLOR: "0", NO_COLOR: "1", ...options.env},
        stdin: "ignore",
        stdout: "pipe",
        stderr: "pipe",
        detached: true,
    });
    const app = new HotProcess(dir, child);
    started.add(app);
    return app;
}

/** Reads `file` as seen from the network namespace of `pid`. */
export function readIn(pid: number, file: string): string {
    return Bun.spawnSync(joinNamespace(pid, ["cat", file])).stdout.toString().trim();
}

/** Ends every process group started by startNamespaced and removes their folders. */
export async function endNamespaced(): Promise<void> {
    for (const load of loads) killGroup(load.pid, "SIGKILL");
    loads.clear();
    await Promise.all([...started].map((app) => app.stop()));
    started.clear();
}

/** What the connection-per-request load counted. */
export interface LoadCounts {
    requests: number;
    failed: number;
    non2xx: number;
    errors: Record<string, number>;
}

/**
 * Starts the connection-per-request load (connection-per-request-load.ts) with `clients` clients, as
 * a process of its own in the network namespace of `pid`, against `port` there; resolves once it
 * had its first answer. `stop()` ends it and resolves with its counts.
 */
export async function startLoad(pid: number, port: number, clients: number): Promise<{stop(): Promise<LoadCounts>}> {
    const child = Bun.spawn(joinNamespace(pid, [BUN, join(import.meta.dir, "connection-per-request-load.ts"), String(port), String(clients)]), {stdout: "pipe", stderr: "pipe", detached: true});
    const stdout = new LineLog();
    stdout.follow(child.stdout);
    loads.add(child);
    await stdout.waitFor("answered", {timeoutMs: 10_000});
    return {
        stop: async () => {
            child.kill("SIGTERM");
            await child.exited;
            loads.delete(child);
            return JSON.parse(await stdout.waitFor(/^\{/)) as LoadCounts;
        },
    };
}
