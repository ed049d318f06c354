/**
 * The kernel setting `net.ipv4.tcp_migrate_req` (Linux 5.14+, one value per network namespace).
 * Workers share their ports with `reusePort`, and each one has its own queue of connections not yet
 * accepted. When a worker of a rolling restart closes its listener, the connections still in its
 * queue are reset, unless this setting is 1: then the kernel moves them to another worker's queue.
 * Keep-alive clients never notice; clients that open a connection per request (health checks,
 * curl, `Connection: close`) do. The supervisor turns it on at start where it may.
 * @module
 */
import {closeSync, existsSync, openSync, readFileSync, writeFileSync} from "node:fs";

/** Where Linux shows the setting, for the network namespace of the process that reads it. */
export const TCP_MIGRATE_REQ = "/proc/sys/net/ipv4/tcp_migrate_req";

/** The commands that turn the setting on, for the host, a container and a Kubernetes pod. */
export const TCP_MIGRATE_FIX = "sysctl -w net.ipv4.tcp_migrate_req=1 (in a container: docker run --sysctl net.ipv4.tcp_migrate_req=1; in Kubernetes: the pod's securityContext.sysctls [{name: net.ipv4.tcp_migrate_req, value: \"1\"}], allowed by the kubelet's --allowed-unsafe-sysctls)";

/** What is at risk while the setting is 0. */
export const TCP_MIGRATE_RISK = "new connections queued in a restarting worker may be reset (clients that open a connection per request, such as health checks and curl, see ECONNRESET)";

/** The setting as this process finds it: its value, and whether this process may change it. */
export type TcpMigrateState =
    | {supported: false}
    | {supported: true; value: number; writable: true}
    | {supported: true; value: number; writable: false; why: string};

/**
 * Reads the setting and whether this process may write it, without changing it: opening the file
 * for writing is what the kernel checks (EACCES for a user, EROFS where /proc/sys is read-only).
 * @example if (tcpMigrateState().supported) ...
 * @see https://jopi-rewrite.dev/docs/production#clients-that-open-a-connection-per-request
 */
export function tcpMigrateState(file = TCP_MIGRATE_REQ): TcpMigrateState {
    if (!existsSync(file)) return {supported: false};
    const value = Number(readFileSync(file, "utf8").trim());
    try {
        closeSync(openSync(file, "r+"));
        return {supported: true, value, writable: true};
    } catch (error) {
        const {code, message} = error as NodeJS.ErrnoException;
        return {supported: true, value, writable: false, why: code ?? message};
    }
}

/**
 * Turns the setting on if it is 0 and this process may, and returns what to say about it: one line
 * when it turned it on, one warning when it is 0 and stays so, nothing when it was on already.
 * @example const line = enableTcpMigrate(); if (line) console.log(line);
 * @see https://jopi-rewrite.dev/docs/production#clients-that-open-a-connection-per-request
 */
export function enableTcpMigrate(file = TCP_MIGRATE_REQ): string | undefined {
    const state = tcpMigrateState(file);
    if (!state.supported) {
        return `jopi-rewrite: warning: this kernel has no net.ipv4.tcp_migrate_req (it needs Linux 5.14 or later), so during restarts ${TCP_MIGRATE_RISK}. Upgrade the kernel, or pass --no-tcp-migrate to leave this unsaid.`;
    }
    if (state.value !== 0) return undefined;
    let why = state.writable ? "" : state.why;
    if (state.writable) {
        try {
            writeFileSync(file, "1");
            return "jopi-rewrite: turned on net.ipv4.tcp_migrate_req in this network namespace, so that connections queued in a restarting worker go to another worker instead of being reset (--no-tcp-migrate leaves it alone).";
        } catch (error) {
            why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
        }
    }
    return `jopi-rewrite: warning: net.ipv4.tcp_migrate_req is 0 and this process may not change it (${why}), so during restarts ${TCP_MIGRATE_RISK}. Turn it on: ${TCP_MIGRATE_FIX}; or pass --no-tcp-migrate to leave this unsaid.`;
}
