import {spawn, spawnSync} from "bun";
import {readFileSync} from "node:fs";
import {BUN, endWithThisProcess, freePort, killGroup} from "hot-harness";

export {median} from "./interval.ts";

/** wrk drives the load: written in C, it is not the bottleneck the way a JS client would be. */
export function requireWrk(): void {
    if (spawnSync(["which", "wrk"]).exitCode === 0) return;
    if (process.getuid?.() === 0) spawnSync(["sh", "-c", "apt-get install -y wrk || (apt-get update && apt-get install -y wrk)"], {stdout: "inherit", stderr: "inherit"});
    if (spawnSync(["which", "wrk"]).exitCode !== 0) {
        console.error("bench: wrk is needed to generate load; install it with `apt-get install -y wrk`.");
        process.exit(1);
    }
}

/** A server under test, started on core 1 (by default) so that it never competes with wrk, on core 0. */
export async function startServer(file: string, core = "1", env: Record<string, string> = {}): Promise<{port: number; pid: number; stop: () => Promise<void>}> {
    const port = await freePort();
    const child = spawn(["taskset", "-c", core, BUN, file], {env: {...process.env, ...env, PORT: String(port)}, stdout: "pipe", stderr: "inherit", detached: true});
    endWithThisProcess(child);
    const reader = child.stdout.getReader();
    let seen = "";
    while (!seen.includes("ready on")) {
        const {value, done} = await reader.read();
        if (done) throw new Error(`bench: ${file} exited before it was ready:\n${seen}`);
        seen += new TextDecoder().decode(value);
    }
    void (async () => { while (!(await reader.read()).done); })();
    return {port, pid: child.pid, stop: async () => { killGroup(child.pid, "SIGKILL"); await child.exited; }};
}

/** Requests per second that wrk measured against `url` (pinned on core 0). */
export async function wrk(url: string, options: {seconds?: number; connections?: number; headers?: Record<string, string>; pipelined?: boolean} = {}): Promise<{rps: number; requests: number; non2xx: number; errors: number; wrkCpu: number}> {
    const headerArgs = Object.entries(options.headers ?? {}).flatMap(([name, value]) => ["-H", `${name}: ${value}`]);
    const script = options.pipelined ? ["-s", `${import.meta.dir}/pipeline.lua`] : [];
    const seconds = options.seconds ?? 4;
    const child = spawn(["taskset", "-c", "0", "wrk", "-t1", `-c${options.connections ?? 64}`, `-d${seconds}s`, ...script, ...headerArgs, url], {stdout: "pipe", stderr: "pipe"});
    const out = await new Response(child.stdout).text();
    await child.exited;
    // Share of its core that wrk used: near 1 would mean the load generator is the limit.
    const usage = child.resourceUsage()!;
    const wrkCpu = Number(usage.cpuTime.user + usage.cpuTime.system) / 1e6 / seconds;
    const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN);
    const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? NaN);
    const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
    const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
    const errors = socketErrors ? socketErrors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
    if (Number.isNaN(rps)) throw new Error(`bench: could not read wrk's output:\n${out}`);
    return {rps, requests, non2xx, errors, wrkCpu};
}

/** CPU time a process has run, in seconds (the kernel's scheduler statistics, in nanoseconds). */
export function cpuSeconds(pid: number): number {
    return Number(readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ")[0]) / 1e9;
}
