/**
 * What /proc tells of other processes (Linux, where `reusePort` spreads a port's connections
 * across every process that listens on it): what listens on a port, and when a process started.
 * Only read when a supervisor's first worker is about to listen on a port.
 * @module
 */
import {readdirSync, readFileSync, readlinkSync} from "node:fs";

function readOr(path: string, fallback: string): string {
    try {
        return readFileSync(path, "utf8");
    } catch {
        return fallback;
    }
}

// The inodes of the sockets listening (state 0A) on `port`, on any address, IPv4 or IPv6.
function listeningInodes(port: number): Set<string> {
    const hexPort = `:${port.toString(16).toUpperCase().padStart(4, "0")}`;
    const inodes = new Set<string>();
    for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
        for (const line of readOr(table, "").split("\n").slice(1)) {
            const fields = line.trim().split(/\s+/);
            if (fields[1]?.endsWith(hexPort) && fields[3] === "0A") inodes.add(fields[9]!);
        }
    }
    return inodes;
}

// The fields of /proc/<pid>/stat after the process's name, which may hold spaces: state, parent...
function statFields(pid: number | string): string[] | undefined {
    const stat = readOr(`/proc/${pid}/stat`, "");
    return stat ? stat.slice(stat.lastIndexOf(")") + 2).split(" ") : undefined;
}

/**
 * When the process `pid` started (in clock ticks since boot), which tells it from a later process
 * given the same pid; undefined if it is gone, or where /proc cannot tell (not Linux).
 * @example const started = startTime(process.pid);
 * @see https://jopi-rewrite.dev/docs/production
 */
export function startTime(pid: number): string | undefined {
    return statFields(pid)?.[19];
}

// The processes holding one of `inodes` open, with their parent's pid and their name.
function holders(inodes: Set<string>): {pid: number; parent: number; name: string}[] {
    const found = [];
    for (const entry of readdirSync("/proc")) {
        if (!/^\d+$/.test(entry)) continue;
        let fds: string[];
        try {
            fds = readdirSync(`/proc/${entry}/fd`);
        } catch {
            continue; // Gone, or another user's.
        }
        const holds = fds.some((fd) => {
            try {
                return inodes.has(readlinkSync(`/proc/${entry}/fd/${fd}`).slice("socket:[".length, -1));
            } catch {
                return false;
            }
        });
        if (!holds) continue;
        const parent = Number(statFields(entry)?.[1]);
        found.push({pid: Number(entry), parent, name: readOr(`/proc/${entry}/comm`, "?").trim()});
    }
    return found;
}

/**
 * Describes what listens on `port` other than the workers of the supervisor `supervisorPid`
 * (`pid 1234 (nginx)`, or `another program` if its process cannot be seen), or undefined if
 * nothing else does, or where /proc cannot tell (not Linux).
 * @example listenerOf(3000, process.ppid); // "pid 1234 (nginx)"
 * @see https://jopi-rewrite.dev/docs/production
 */
export function listenerOf(port: number, supervisorPid: number): string | undefined {
    const inodes = listeningInodes(port);
    if (inodes.size === 0) return undefined;
    const all = holders(inodes);
    if (all.length === 0) return "another program";
    const foreign = all.filter(({parent}) => parent !== supervisorPid);
    if (foreign.length === 0) return undefined;
    const named = foreign.slice(0, 3).map(({pid, name}) => `pid ${pid} (${name})`).join(", ");
    return foreign.length > 3 ? `${named} and ${foreign.length - 3} more` : named;
}
