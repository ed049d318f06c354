// Throughput of `jopi-rewrite serve` with 2 workers against 1, on the plain route, as requests per
// second and as requests per CPU-second of the workers (read from the kernel for each worker).
// The limit of the method on a 2-core machine: wrk needs a core too (it is pinned on core 0, the
// workers may run on both), so 2 workers share the machine with the load generator and cannot
// reach twice the requests per second of 1; requests per CPU-second shows whether a worker loses
// efficiency when there are two. wrk pipelines 8 requests per connection, as in the throughput bench.
// 1 worker and 2 take turns, in short rounds: each round gives a ratio, judged on its interval.
import {spawn} from "bun";
import {readFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import type {TargetResult, WorkersResult} from "../src/components/charts/types.ts";
import {BUN, endWithThisProcess, freePort, killGroup, LineLog, REPO_ROOT} from "hot-harness";
import {bootstrapInterval, formatInterval, printTargets, ratioTarget} from "./interval.ts";
import {cpuSeconds, requireWrk, wrk} from "./load.ts";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 12);
const SECONDS = 2;
const CLI = join(REPO_ROOT, "library/jopi-rewrite/src/supervisor/cli.ts");
const children = (pid: number) => readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);

async function serve(workers: number) {
    const port = await freePort();
    const control = join(tmpdir(), `jopi-bench-${process.pid}-${workers}.sock`);
    // --no-tcp-migrate: this figure measures throughput, and a bench never changes the machine it runs on.
    const child = spawn([BUN, CLI, "serve", join(import.meta.dir, "servers/jopi.ts"), "--workers", String(workers), "--control", control, "--no-tcp-migrate"], {
        env: {...process.env, PORT: String(port), NO_COLOR: "1"},
        stdout: "pipe",
        stderr: "inherit",
        detached: true,
    });
    endWithThisProcess(child);
    const out = new LineLog();
    void out.follow(child.stdout);
    await out.waitFor(/ worker\(s\) of .* answer on port /, {timeoutMs: 20_000});
    return {port, workerPids: children(child.pid), stop: async () => (killGroup(child.pid, "SIGKILL"), await child.exited)};
}

type Served = Awaited<ReturnType<typeof serve>>;

async function measure(server: Served) {
    const before = server.workerPids.map(cpuSeconds);
    const result = await wrk(`http://127.0.0.1:${server.port}/`, {seconds: SECONDS, connections: 64, pipelined: true});
    if (result.non2xx || result.errors) throw new Error(`bench: workers: ${result.non2xx} non-2xx, ${result.errors} socket errors`);
    const used = server.workerPids.reduce((sum, pid, index) => sum + cpuSeconds(pid) - before[index]!, 0);
    return {rps: result.rps, perCpu: result.requests / used, wrkCpu: result.wrkCpu};
}

export async function workersThroughput(): Promise<WorkersResult> {
    requireWrk();
    const servers: Served[] = [];
    try {
        servers.push(await serve(1));
        servers.push(await serve(2));
        for (const server of servers) await wrk(`http://127.0.0.1:${server.port}/`, {seconds: 1, pipelined: true});
        const rounds: WorkersResult["rounds"] = [];
        let wrkCpuMax = 0;
        for (let round = 1; round <= ROUNDS; round++) {
            // Alternate the order, so that a machine that slows down during the run favours neither.
            const measured: Awaited<ReturnType<typeof measure>>[] = [];
            for (const index of round % 2 ? [0, 1] : [1, 0]) measured[index] = await measure(servers[index]!);
            const [one, two] = measured as [Awaited<ReturnType<typeof measure>>, Awaited<ReturnType<typeof measure>>];
            wrkCpuMax = Math.max(wrkCpuMax, one.wrkCpu, two.wrkCpu);
            rounds.push({oneRps: Math.round(one.rps), twoRps: Math.round(two.rps), onePerCpu: Math.round(one.perCpu), twoPerCpu: Math.round(two.perCpu)});
            console.log(`  round ${round}  1 worker ${Math.round(one.rps)} req/s (${Math.round(one.perCpu)} per CPU-s)  2 workers ${Math.round(two.rps)} req/s (${Math.round(two.perCpu)} per CPU-s)`);
        }
        const rpsInterval = bootstrapInterval(rounds.map((r) => r.twoRps / r.oneRps));
        const perCpuInterval = bootstrapInterval(rounds.map((r) => r.twoPerCpu / r.onePerCpu));
        return {
            rounds,
            rpsRatio: Number(rpsInterval.median.toFixed(3)),
            perCpuRatio: Number(perCpuInterval.median.toFixed(3)),
            rpsInterval,
            perCpuInterval,
            wrkCpuMax: Number(wrkCpuMax.toFixed(2)),
            cores: navigator.hardwareConcurrency,
        };
    } finally {
        await Promise.all(servers.map((server) => server.stop()));
    }
}

// 2 workers and wrk, each on a core of its own: on fewer, the workers share a core with the load
// generator, and twice the requests per second of one worker is out of reach whatever the code does.
export const CORES_NEEDED = 3;

/**
 * The target: 2 workers >= 1.8x the requests/s of 1, judged on the interval of the rounds' ratios.
 * On a machine with fewer than CORES_NEEDED cores the figure is shown, and the target stays
 * UNSETTLED with the reason: a verdict there would be about the machine, not the code.
 */
export function workersTargets(workers: WorkersResult): TargetResult[] {
    const perCpu = bootstrapInterval(workers.rounds.map((r) => r.twoPerCpu / r.onePerCpu));
    const tooFew = workers.cores < CORES_NEEDED;
    const detail = `per CPU-second ${formatInterval(perCpu)}; ${workers.cores} cores, wrk on one${tooFew ? `; needs ${CORES_NEEDED} cores (2 workers and wrk) to be judged` : ""}`;
    const target = ratioTarget("2 workers >= 1.8x one worker, requests/s", workers.rounds.map((r) => r.twoRps / r.oneRps), {atLeast: 1.8}, detail);
    return [tooFew ? {...target, pass: false, verdict: "UNSETTLED"} : target];
}

if (import.meta.main) {
    const result = await workersThroughput();
    printTargets(workersTargets(result));
}
