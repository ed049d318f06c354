import {readFileSync} from "node:fs";
import {freePort, startHot, type HotProcess} from "hot-harness";

/** The resident memory of a process, in bytes, as the kernel counts it (Linux's /proc). */
export function rssOf(pid: number): number {
    const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((one) => one.startsWith("VmRSS:"))!;
    return Number(line.split(/\s+/)[1]) * 1024;
}

/** Bytes as MB with one decimal, for messages. */
export const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

/**
 * Runs `source` as a server process of its own (no --hot) on a free port, so that its memory is
 * its own; resolves once its websites have started.
 */
export async function startServerProcess(source: string): Promise<{app: HotProcess; port: number}> {
    const port = await freePort();
    const app = startHot({files: {"index.ts": source}, env: {PORT: String(port)}, mode: "none"});
    await app.stdout.waitFor("Website started");
    return {app, port};
}
