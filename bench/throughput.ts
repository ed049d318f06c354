// Requests/s of jopi-rewrite against raw Bun.serve doing the same work, Hono and Elysia, measured in
// the same run. Servers run on core 1 and wrk on core 0. wrk pipelines 8 requests per connection:
// sending them one by one, it used 90-97% of its core here and was the limit.
//
// On this kind of shared 2-core machine, the same server measured alone moves by 10-15% from one
// round to the next, more than the differences to measure. So each contender is measured at the
// same time as raw Bun.serve, both on core 1, each loaded by its own wrk: whatever slows the core
// slows both alike. Each figure is requests per second of CPU time the server got (its share of
// the core is read from the kernel), and each round gives the ratio of the two. A second raw
// Bun.serve measured the same way against the first shows the method's own noise.
import {readFileSync} from "node:fs";
import type {ThroughputResults} from "../src/components/charts/types.ts";
import {median, requireWrk, startServer, wrk} from "./load.ts";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SECONDS = 2;
const BASELINE = "raw Bun.serve";
const CONTROL = `${BASELINE} (a second copy)`;
const servers: Record<string, {file: string; env?: Record<string, string>}> = {
    [BASELINE]: {file: "bench/servers/raw-bun.ts"},
    "jopi-rewrite": {file: "bench/servers/jopi.ts"},
    Hono: {file: "bench/servers/hono.ts"},
    Elysia: {file: "bench/servers/elysia.ts"},
    "raw Bun.serve, any host": {file: "bench/servers/raw-bun.ts", env: {BENCH_ANY_HOST: "1"}},
};
const scenarios: {name: string; path: string; headers: Record<string, string>}[] = [
    {name: "plain route", path: "/", headers: {}},
    {name: "path parameter", path: "/user/42", headers: {}},
    {name: "cache hit, gzip", path: "/cached", headers: {"accept-encoding": "gzip"}},
    {name: "cache hit, brotli", path: "/cached", headers: {"accept-encoding": "gzip, deflate, br"}},
];

/** CPU time a process has run, in seconds (the kernel's scheduler statistics, in nanoseconds). */
function cpuSeconds(pid: number): number {
    return Number(readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ")[0]) / 1e9;
}

type Running = Awaited<ReturnType<typeof startServer>>;

/** Loads two servers at once on the same route; requests per CPU-second of each. */
async function pair(a: Running, b: Running, scenario: (typeof scenarios)[number]) {
    const before = [cpuSeconds(a.pid), cpuSeconds(b.pid)];
    const load = (server: Running) => wrk(`http://127.0.0.1:${server.port}${scenario.path}`, {seconds: SECONDS, connections: 32, headers: scenario.headers, pipelined: true});
    const results = await Promise.all([load(a), load(b)]);
    const used = [cpuSeconds(a.pid) - before[0]!, cpuSeconds(b.pid) - before[1]!];
    for (const [index, result] of results.entries()) {
        if (result.non2xx || result.errors) throw new Error(`bench: ${scenario.name}: ${result.non2xx} non-2xx, ${result.errors} socket errors`);
        if (used[index]! < 0.2 * SECONDS) throw new Error(`bench: ${scenario.name}: a server got only ${used[index]!.toFixed(2)} s of CPU in ${SECONDS} s`);
    }
    return {perCpu: results.map((result, index) => (result.rps * SECONDS) / used[index]!) as [number, number], wrkCpu: results.map((result) => result.wrkCpu)};
}

const push = (table: Record<string, Record<string, number[]>>, scenario: string, server: string, value: number) => ((table[scenario] ??= {})[server] ??= []).push(value);
const medianOf = (table: Record<string, Record<string, number[]>>, digits: number) =>
    Object.fromEntries(Object.entries(table).map(([scenario, byServer]) => [scenario, Object.fromEntries(Object.entries(byServer).map(([server, values]) => [server, Number(median(values).toFixed(digits))]))]));

export async function throughput(): Promise<ThroughputResults> {
    requireWrk();
    const running: Record<string, Running> = {};
    try {
        for (const [name, {file, env}] of Object.entries(servers)) running[name] = await startServer(file, "1", env);
        running[CONTROL] = await startServer(servers[BASELINE]!.file, "1");
        const alone = await wrk(`http://127.0.0.1:${running[BASELINE]!.port}/`, {seconds: 3, pipelined: true});
        const unpipelined = await wrk(`http://127.0.0.1:${running[BASELINE]!.port}/`, {seconds: 3});
        for (const server of Object.values(running)) {
            for (const scenario of scenarios) await wrk(`http://127.0.0.1:${server.port}${scenario.path}`, {seconds: 1, headers: scenario.headers, pipelined: true});
        }

        const rounds: ThroughputResults["rounds"] = {};
        const ratios: ThroughputResults["ratios"] = {};
        const control: number[] = [];
        let wrkCpuMax = 0;
        let wrkPairCpuMax = 0;
        const contenders = Object.keys(servers).filter((name) => name !== BASELINE);
        for (let round = 1; round <= ROUNDS; round++) {
            // Alternate the order, so that a machine that slows down during the run favours no one.
            for (const name of round % 2 ? contenders : [...contenders].reverse()) {
                for (const scenario of scenarios) {
                    const {perCpu: [baseline, contender], wrkCpu} = await pair(running[BASELINE]!, running[name]!, scenario);
                    push(rounds, scenario.name, BASELINE, Math.round(baseline));
                    push(rounds, scenario.name, name, Math.round(contender));
                    push(ratios, scenario.name, name, Number((contender / baseline).toFixed(4)));
                    wrkCpuMax = Math.max(wrkCpuMax, ...wrkCpu);
                    wrkPairCpuMax = Math.max(wrkPairCpuMax, wrkCpu[0]! + wrkCpu[1]!);
                    console.log(`  round ${round}  ${name.padEnd(24)} ${scenario.name.padEnd(18)} ${(contender / baseline).toFixed(3)}x raw (${Math.round(contender)} vs ${Math.round(baseline)} req/s per core)`);
                }
            }
            const {perCpu} = await pair(running[BASELINE]!, running[CONTROL]!, scenarios[0]!);
            control.push(Number((perCpu[1] / perCpu[0]).toFixed(4)));
        }
        return {
            rounds,
            medians: medianOf(rounds, 0),
            ratios,
            ratioMedians: medianOf(ratios, 3),
            control: {ratios: control, median: Number(median(control).toFixed(3))},
            generator: {wrkCpuMax: Number(wrkCpuMax.toFixed(2)), wrkPairCpuMax: Number(wrkPairCpuMax.toFixed(2)), pipelineDepth: 8, aloneRawRps: Math.round(alone.rps), unpipelinedRawRps: Math.round(unpipelined.rps)},
        };
    } finally {
        await Promise.all(Object.values(running).map((server) => server.stop()));
    }
}

if (import.meta.main) {
    const result = await throughput();
    console.table(result.ratioMedians);
    console.log("control", result.control, result.generator);
}
