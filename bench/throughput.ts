// Requests/s of jopi-rewrite against raw Bun.serve doing the same work, Hono and Elysia, measured in
// the same run. Servers run on core 1 and wrk on core 0. wrk pipelines 8 requests per connection:
// sending them one by one, it used 90-97% of its core here and was the limit.
//
// On this kind of shared 2-core machine, the same server measured alone moves by 10-15% from one
// round to the next, more than the differences to measure. So each contender is measured at the
// same time as raw Bun.serve, both on core 1, each loaded by its own wrk: whatever slows the core
// slows both alike. Each figure is requests per second of CPU time the server got (its share of
// the core is read from the kernel), and each round gives the ratio of the two. A second raw
// Bun.serve measured the same way against the first shows the method's own noise. A server that has
// just been loaded for seconds answers a few percent more per CPU-second than one that was idle (one
// raw Bun.serve shared by every pair gave 0.95-0.97x against an idle copy of itself), so each
// contender has a raw Bun.serve of its own, loaded in the same pairs only: the two of a pair have
// the same past, and the control pairs two copies that rest alike. Rounds are short
// (1 s) and many: each ratio is judged on the 95% interval of its rounds (interval.ts), and a round
// more narrows it where a longer round would not.
import type {TargetResult, ThroughputResults} from "../src/components/charts/types.ts";
import {allOf, bootstrapInterval, formatInterval, printTargets, ratioTarget} from "./interval.ts";
import {cpuSeconds, median, requireWrk, startServer, wrk} from "./load.ts";

/** How much to measure: rounds of `seconds` each, on some scenarios and contenders (all by default). */
export interface ThroughputPlan {
    rounds: number;
    seconds: number;
    scenarios?: string[];
    contenders?: string[];
}

export const fullPlan: ThroughputPlan = {rounds: Number(process.env.BENCH_ROUNDS ?? 12), seconds: 1};
/** `--only cache`: the cache hits, against raw Bun.serve and Hono, in more rounds of the same length. */
export const cachePlan: ThroughputPlan = {rounds: Number(process.env.BENCH_ROUNDS ?? 20), seconds: 1, scenarios: ["cache hit, gzip", "cache hit, brotli"], contenders: ["jopi-rewrite", "Hono"]};

const BASELINE = "raw Bun.serve";
const CONTROL = `${BASELINE} (a second copy)`;
const servers: Record<string, {file: string; env?: Record<string, string>}> = {
    [BASELINE]: {file: "bench/servers/raw-bun.ts"},
    "jopi-rewrite": {file: "bench/servers/jopi.ts"},
    Hono: {file: "bench/servers/hono.ts"},
    Elysia: {file: "bench/servers/elysia.ts"},
    "raw Bun.serve, any host": {file: "bench/servers/raw-bun.ts", env: {BENCH_ANY_HOST: "1"}},
};
const allScenarios: {name: string; path: string; headers: Record<string, string>}[] = [
    {name: "plain route", path: "/", headers: {}},
    {name: "path parameter", path: "/user/42", headers: {}},
    {name: "cache hit, gzip", path: "/cached", headers: {"accept-encoding": "gzip"}},
    {name: "cache hit, brotli", path: "/cached", headers: {"accept-encoding": "gzip, deflate, br"}},
];

type Running = Awaited<ReturnType<typeof startServer>>;
/** The raw Bun.serve that `name` is paired with, and only it. */
const baselineOf = (name: string) => `${BASELINE} paired with ${name}`;
type Scenario = (typeof allScenarios)[number];

// A round in which a server got less of its core than this is measured again: so few requests say
// more about the neighbours than about the server.
const STARVED = 0.1;
const RETRIES = 4;

/** Loads two servers at once on the same route; requests per CPU-second of each. `first` is started first. */
async function pair(a: Running, b: Running, scenario: Scenario, seconds: number, first: 0 | 1, tries = 1): Promise<{perCpu: [number, number]; wrkCpu: number[]}> {
    const before = [cpuSeconds(a.pid), cpuSeconds(b.pid)];
    const load = (server: Running) => wrk(`http://127.0.0.1:${server.port}${scenario.path}`, {seconds, connections: 32, headers: scenario.headers, pipelined: true});
    // Which wrk starts first alternates too: the one started first has its server alone for a moment.
    const results = first === 0 ? await Promise.all([load(a), load(b)]) : (await Promise.all([load(b), load(a)])).reverse();
    const used = [cpuSeconds(a.pid) - before[0]!, cpuSeconds(b.pid) - before[1]!];
    for (const result of results) if (result.non2xx || result.errors) throw new Error(`bench: ${scenario.name}: ${result.non2xx} non-2xx, ${result.errors} socket errors`);
    const least = Math.min(...used);
    if (least < STARVED * seconds) {
        if (tries >= RETRIES) throw new Error(`bench: ${scenario.name}: a server got only ${least.toFixed(2)} s of CPU in ${seconds} s, ${tries} times in a row; the machine is too busy to measure, run the bench when it is quieter`);
        console.log(`  (a server got only ${least.toFixed(2)} s of CPU in ${seconds} s: measured again)`);
        return pair(a, b, scenario, seconds, first, tries + 1);
    }
    return {perCpu: results.map((result, index) => result.requests / used[index]!) as [number, number], wrkCpu: results.map((result) => result.wrkCpu)};
}

const push = (table: Record<string, Record<string, number[]>>, scenario: string, server: string, value: number) => ((table[scenario] ??= {})[server] ??= []).push(value);
const mapTable = <T>(table: Record<string, Record<string, number[]>>, summary: (values: number[]) => T) =>
    Object.fromEntries(Object.entries(table).map(([scenario, byServer]) => [scenario, Object.fromEntries(Object.entries(byServer).map(([server, values]) => [server, summary(values)]))]));

/** Every round of the plan, each contender paired with raw Bun.serve; see the module's description. */
export async function throughput(plan: ThroughputPlan = fullPlan): Promise<ThroughputResults> {
    requireWrk();
    const scenarios = allScenarios.filter((scenario) => !plan.scenarios || plan.scenarios.includes(scenario.name));
    const contenders = Object.keys(servers).filter((name) => name !== BASELINE && (!plan.contenders || plan.contenders.includes(name)));
    const running: Record<string, Running> = {};
    try {
        for (const name of [BASELINE, ...contenders, CONTROL]) {
            running[name] = await startServer(servers[name]?.file ?? servers[BASELINE]!.file, "1", servers[name]?.env);
            if (name !== BASELINE) running[baselineOf(name)] = await startServer(servers[BASELINE]!.file, "1");
        }
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
        for (let round = 1; round <= plan.rounds; round++) {
            // Alternate the order, so that a machine that slows down during the run favours no one.
            const first = (round % 2) as 0 | 1;
            for (const name of first ? contenders : [...contenders].reverse()) {
                for (const scenario of scenarios) {
                    const {perCpu: [baseline, contender], wrkCpu} = await pair(running[baselineOf(name)]!, running[name]!, scenario, plan.seconds, first);
                    push(rounds, scenario.name, BASELINE, Math.round(baseline));
                    push(rounds, scenario.name, name, Math.round(contender));
                    push(ratios, scenario.name, name, Number((contender / baseline).toFixed(4)));
                    wrkCpuMax = Math.max(wrkCpuMax, ...wrkCpu);
                    wrkPairCpuMax = Math.max(wrkPairCpuMax, wrkCpu[0]! + wrkCpu[1]!);
                    console.log(`  round ${round}  ${name.padEnd(24)} ${scenario.name.padEnd(18)} ${(contender / baseline).toFixed(3)}x raw (${Math.round(contender)} vs ${Math.round(baseline)} req/s per core)`);
                }
            }
            const {perCpu} = await pair(running[baselineOf(CONTROL)]!, running[CONTROL]!, scenarios[0]!, plan.seconds, first);
            control.push(Number((perCpu[1] / perCpu[0]).toFixed(4)));
        }
        return {
            rounds,
            medians: mapTable(rounds, (values) => Math.round(median(values))),
            ratios,
            ratioMedians: mapTable(ratios, (values) => Number(median(values).toFixed(3))),
            ratioIntervals: mapTable(ratios, (values) => bootstrapInterval(values)),
            control: {ratios: control, median: Number(median(control).toFixed(3)), interval: bootstrapInterval(control)},
            roundSeconds: plan.seconds,
            generator: {wrkCpuMax: Number(wrkCpuMax.toFixed(2)), wrkPairCpuMax: Number(wrkPairCpuMax.toFixed(2)), pipelineDepth: 8, aloneRawRps: Math.round(alone.rps), unpipelinedRawRps: Math.round(unpipelined.rps)},
        };
    } finally {
        await Promise.all(Object.values(running).map((server) => server.stop()));
    }
}

/** Every ratio with its interval, and the method's own noise, one line each. */
export function printThroughput({ratios, control, roundSeconds}: ThroughputResults): void {
    for (const [scenario, byServer] of Object.entries(ratios)) {
        for (const [server, values] of Object.entries(byServer)) console.log(`  ${scenario.padEnd(18)} ${server.padEnd(24)} ${formatInterval(bootstrapInterval(values))} raw Bun.serve, ${values.length} rounds of ${roundSeconds} s`);
    }
    console.log(`  ${"control".padEnd(18)} ${CONTROL.padEnd(24)} ${formatInterval(control.interval ?? bootstrapInterval(control.ratios))}: the method's own noise`);
}

/** The throughput targets on the scenarios measured: ahead of Hono round by round, and >= 0.97x raw Bun.serve for a cache hit (the same pre-compressed bytes), >= 0.95x for a plain route. */
export function throughputTargets({ratios}: ThroughputResults): TargetResult[] {
    return ["plain route", "cache hit, gzip", "cache hit, brotli"].filter((scenario) => ratios[scenario]?.["jopi-rewrite"] && ratios[scenario]?.Hono).map((scenario) => {
        const ours = ratios[scenario]!["jopi-rewrite"]!;
        const overHono = ours.map((ratio, round) => ratio / ratios[scenario]!.Hono![round]!);
        const atLeast = scenario.startsWith("cache hit") ? 0.97 : 0.95;
        const raw = ratioTarget("", ours, {atLeast});
        const hono = ratioTarget("", overHono, {atLeast: 1});
        const verdict = allOf([raw.verdict, hono.verdict]);
        return {
            target: `${scenario}: >= ${atLeast}x raw Bun.serve and ahead of Hono`,
            value: `${raw.value} (${raw.verdict}); over Hono ${formatInterval(hono.interval)} (${hono.verdict})`,
            pass: verdict === "PASS",
            verdict,
            interval: raw.interval,
        };
    });
}

if (import.meta.main) {
    const result = await throughput();
    printThroughput(result);
    printTargets(throughputTargets(result));
}
