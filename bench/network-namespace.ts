// Where the restart bench runs a contender and its clients: a private network namespace with
// net.ipv4.tcp_migrate_req set as asked, so the host's own setting is never changed; or, where no
// namespace can be made (not root, no `unshare`), the host's network with whatever it has.
import {spawn} from "bun";
import {existsSync, readFileSync} from "node:fs";
import {killGroup, LineLog} from "hot-harness";

const SETTING = "/proc/sys/net/ipv4/tcp_migrate_req";

/** A network to run processes in. */
export interface Network {
    /** Put before a command's argv to run it in this network. */
    wrap: string[];
    /** "namespace", or "host" when no private namespace could be made. */
    kind: "namespace" | "host";
    /** Why the host's network is used; absent in a namespace. */
    reason?: string;
    /** net.ipv4.tcp_migrate_req in this network now; null where the kernel has none (before 5.14, not Linux). */
    tcpMigrateReq(): Promise<number | null>;
    close(): Promise<void>;
}

// The holder keeps the namespace alive; others join it with nsenter. It prints the setting back, so
// a write the kernel refused cannot pass for a namespace with the setting.
const holder = (value: 0 | 1) => `ip link set lo up && echo ${value} > ${SETTING} && echo "set $(cat ${SETTING})" && exec sleep 86400`;

/**
 * A private network namespace (loopback up) with tcp_migrate_req at `value`, or the host's network
 * with the reason when none can be made.
 * @example const network = await privateNetwork(1); // spawn([...network.wrap, "bun", "app.ts"])
 * @see https://jopi-rewrite.dev/docs/performance#restarts-under-load
 */
export async function privateNetwork(value: 0 | 1): Promise<Network> {
    if (process.platform !== "linux" || !existsSync(SETTING)) return hostNetwork(`${SETTING} does not exist (Linux 5.14 or later has it)`);
    let child;
    try {
        child = spawn(["unshare", "-n", "sh", "-c", holder(value)], {stdin: "ignore", stdout: "pipe", stderr: "pipe", detached: true});
    } catch (error) {
        return hostNetwork(`unshare: ${(error as Error).message}`);
    }
    // In a group of its own, out of reach of Ctrl-C: end it on the way out, whatever ends the bench.
    const holderPid = child.pid;
    process.once("exit", () => killGroup(holderPid, "SIGKILL"));
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(130));
    const out = new LineLog();
    void out.follow(child.stdout);
    const errors = new Response(child.stderr).text();
    const line = await out.waitFor(/^set /, {timeoutMs: 5_000}).catch(() => "");
    if (line !== `set ${value}`) {
        killGroup(child.pid, "SIGKILL");
        await child.exited;
        return hostNetwork(`unshare -n needs root: ${(await errors).trim() || "the setting did not hold"}`);
    }
    const wrap = ["nsenter", "-t", String(child.pid), "-n"];
    return {
        wrap,
        kind: "namespace",
        tcpMigrateReq: async () => Number((await new Response(spawn([...wrap, "cat", SETTING]).stdout).text()).trim()),
        async close() {
            killGroup(child.pid, "SIGKILL");
            await child.exited;
        },
    };
}

/**
 * The host's own network, with why it is used: nothing is changed in it.
 * @example const network = hostNetwork("unshare is missing");
 * @see https://jopi-rewrite.dev/docs/performance#restarts-under-load
 */
export function hostNetwork(reason: string): Network {
    return {
        wrap: [],
        kind: "host",
        reason,
        tcpMigrateReq: async () => (existsSync(SETTING) ? Number(readFileSync(SETTING, "utf8").trim()) : null),
        close: async () => {},
    };
}
