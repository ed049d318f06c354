// Requests/s of jopi-rewrite against raw Bun.serve doing the same work, Hono and Elysia, measured in
// the same run: alternating rounds, server and wrk on different cores, median of the rounds. wrk
// pipelines 8 requests per connection: sending them one by one, it used 90-97% of its core here
// and was the limit, which would have hidden the servers' differences.
import {median, requireWrk, startServer, wrk} from "./load.ts";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
export const servers: Record<string, string> = {
    "raw Bun.serve": "bench/servers/raw-bun.ts",
    "jopi-rewrite": "bench/servers/jopi.ts",
    Hono: "bench/servers/hono.ts",
    Elysia: "bench/servers/elysia.ts",
};
export const scenarios = [
    {name: "plain route", path: "/", headers: {}},
    {name: "path parameter", path: "/user/42", headers: {}},
    {name: "cache hit, gzip", path: "/cached", headers: {"accept-encoding": "gzip"}},
    {name: "cache hit, brotli", path: "/cached", headers: {"accept-encoding": "gzip, deflate, br"}},
];

export interface ThroughputResult {
    /** scenario -> server -> requests/s of each round */
    rounds: Record<string, Record<string, number[]>>;
    medians: Record<string, Record<string, number>>;
    /** The load generator's check: wrk's largest CPU share, and raw Bun.serve's plain route without pipelining. */
    generator: {wrkCpuMax: number; pipelineDepth: number; unpipelinedRawRps: number};
}

export async function throughput(): Promise<ThroughputResult> {
    requireWrk();
    const rounds: ThroughputResult["rounds"] = {};
    let wrkCpuMax = 0;
    const order = Object.entries(servers);
    for (let round = 1; round <= ROUNDS; round++) {
        for (const [server, file] of round % 2 ? order : [...order].reverse()) {
            const {port, stop} = await startServer(file);
            for (const scenario of scenarios) {
                const url = `http://127.0.0.1:${port}${scenario.path}`;
                await wrk(url, {seconds: 1, headers: scenario.headers, pipelined: true});
                const result = await wrk(url, {seconds: 3, headers: scenario.headers, pipelined: true});
                if (result.non2xx || result.errors) throw new Error(`bench: ${server} ${scenario.name}: ${result.non2xx} non-2xx, ${result.errors} socket errors`);
                ((rounds[scenario.name] ??= {})[server] ??= []).push(result.rps);
                wrkCpuMax = Math.max(wrkCpuMax, result.wrkCpu);
                console.log(`  round ${round}  ${server.padEnd(14)} ${scenario.name.padEnd(18)} ${Math.round(result.rps)} req/s`);
            }
            await stop();
        }
    }
    const {port, stop} = await startServer(servers["raw Bun.serve"]!);
    const unpipelined = await wrk(`http://127.0.0.1:${port}/`, {seconds: 3});
    await stop();
    const medians = Object.fromEntries(Object.entries(rounds).map(([scenario, byServer]) => [scenario, Object.fromEntries(Object.entries(byServer).map(([server, values]) => [server, Math.round(median(values))]))]));
    return {rounds, medians, generator: {wrkCpuMax: Math.round(wrkCpuMax * 100) / 100, pipelineDepth: 8, unpipelinedRawRps: Math.round(unpipelined.rps)}};
}

if (import.meta.main) {
    const result = await throughput();
    console.table(result.medians);
    console.log(result.generator);
}
