// `npm run bench`: every benchmark, each against its baseline measured in this same run, the
// targets printed as PASS/FAIL, and every figure written to bench/results/latest.json for the
// Performance page of the docs.
import {mkdirSync, writeFileSync} from "node:fs";
import {parseArgs} from "node:util";
import type {BenchResults} from "../src/components/charts/types.ts";
import {cacheFlood} from "./cache-flood.ts";
import {latencyContenders, underLoadContenders} from "./contenders.ts";
import {longLived, longLivedTargets, printLongLived} from "./long-lived.ts";
import {docsCosts} from "./docs-build.ts";
import {machineInfo} from "./machine.ts";
import {memoryOverReloads} from "./memory.ts";
import {median} from "./load.ts";
import {reloadLatencies} from "./reload-latency.ts";
import {reloadUnderLoad} from "./reload-under-load.ts";
import {sharedCacheBench} from "./shared-cache.ts";
import {printRestarts, restartRuns, restartsUnderLoad, restartTargets} from "./rolling-restart.ts";
import {printSessions, sessionsBench, sessionsTargets} from "./sessions.ts";
import {throughput} from "./throughput.ts";
import {workersThroughput} from "./workers.ts";

const started = performance.now();
const section = (title: string) => console.log(`\n== ${title}`);

async function restartFigure() {
    section("restarts under load (64 keep-alive GET, 32 connection-per-request and 32 keep-alive POST clients; tcp_migrate_req 1 and 0)");
    const results = [];
    for (const run of await restartRuns()) results.push(await restartsUnderLoad(run));
    printRestarts(results);
    return results;
}

async function sessionsFigure() {
    section("resumable sessions (200 WebSockets and 50 event streams, a numbered message each every 50 ms, 20 rolling restarts; Socket.IO under pm2 reload)");
    const sessions = await sessionsBench();
    printSessions(sessions);
    return sessions;
}

// `npm run bench -- --only restart` (or `sessions`): one figure alone, written beside latest.json
// (never into it, which holds one whole run), under the key latest.json gives it.
const figures = {restart: ["restarts", restartFigure], sessions: ["sessions", sessionsFigure]} as const;
const {values: flags} = parseArgs({options: {only: {type: "string"}}});
if (flags.only !== undefined) {
    if (!(flags.only in figures)) throw new Error(`bench: --only knows ${Object.keys(figures).map((name) => `"${name}"`).join(", ")}, not ${JSON.stringify(flags.only)}`);
    const [key, figure] = figures[flags.only as keyof typeof figures];
    const result = await figure();
    mkdirSync("bench/results", {recursive: true});
    writeFileSync(`bench/results/only-${flags.only}.json`, `${JSON.stringify({date: new Date().toISOString(), [key]: result}, null, 2)}\n`);
    console.log(`\nbench: done in ${Math.round((performance.now() - started) / 1000)} s; figures in bench/results/only-${flags.only}.json (latest.json unchanged)`);
    process.exit(0);
}

// Read before measuring, from the binaries the contenders are started with: fails at once if one is missing.
const machine = await machineInfo();

section("throughput (each server paired with raw Bun.serve on one core, wrk on the other)");
const speed = await throughput();
console.table(speed.medians);
console.table(speed.ratioMedians);
console.log(`  raw Bun.serve against a second copy of itself: ${speed.control.median}x (rounds ${speed.control.ratios.join(", ")})`);

section("reload under load (64 keep-alive clients, an edit every 200 ms)");
const underLoad = [];
for (const contender of underLoadContenders) underLoad.push(await reloadUnderLoad(contender));
console.table(underLoad);

const restarts = await restartFigure();

section("jopi-rewrite serve: 2 workers against 1 (plain route, wrk pipelined)");
const workers = await workersThroughput();
console.log(`  2 workers / 1 worker: ${workers.rpsRatio}x requests/s, ${workers.perCpuRatio}x requests per CPU-second (wrk used up to ${workers.wrkCpuMax} of its core)`);

section("reload latency (write -> first response with the new code)");
const latency = await reloadLatencies(latencyContenders);
console.table(latency.map(({samples, ...summary}) => summary));
// From the samples, kept to 0.01 ms, not from the medians rounded to 0.1 ms for display.
const latencyRatio = median(latency[0]!.samples) / median(latency[1]!.samples);

section("memory over reloads");
const memory = await memoryOverReloads();
for (const result of memory) console.log(`  ${result.name.padEnd(45)} ${result.marks.map((m) => `${m.reloads}: ${m.rssMB} MB`).join("  ")}`);

section("long-lived connections (200 WebSockets and 50 event streams while the app is rewritten 100 times)");
const connections = await longLived();
printLongLived(connections);

const sessions = await sessionsFigure();

section("shared cache tier (Redis), each figure against raw Bun.serve on the same core");
const shared = await sharedCacheBench();
console.table(shared.ratios);
console.log(`  fresh worker: ${JSON.stringify(shared.warm)}\n  Redis stopped 5 s under load: ${JSON.stringify(shared.outage)}`);

section("cache flood (unique query strings against the same handler without cache, 100 popular pages read meanwhile)");
const {targets: floodTargets, ...flood} = await cacheFlood();
console.log(`  ${flood.ratioMedian}x the handler without cache (rounds ${flood.ratios.join(", ")}); popular pages from the cache: ${(flood.popularHitRatio * 100).toFixed(1)}% of ${flood.popularAsked}`);
if (flood.shared) console.log(`  shared tier: ${flood.shared.ratioMedian}x (rounds ${flood.shared.ratios.join(", ")}); popular pages from its first tier: ${(flood.shared.popularHitRatio * 100).toFixed(1)}%; ${flood.shared.redisKeys} keys in Redis`);

section("docs");
const docs = await docsCosts();
console.table(docs);

const rss = (name: string, reloads: number) => memory.find((m) => m.name.startsWith(name))!.marks.find((m) => m.reloads === reloads)?.rssMB ?? NaN;
const growth = (name: string) => rss(name, 1000) - rss(name, 100);
const ratio = (scenario: string, server: string) => speed.ratioMedians[scenario]![server]!;
const targets = [
    {target: "0 failed requests during reloads (jopi-rewrite, bun --hot)", value: `${underLoad[0]!.failed} failed, ${underLoad[0]!.non2xx} non-2xx`, pass: underLoad[0]!.failed === 0 && underLoad[0]!.non2xx === 0},
    ...restartTargets(restarts),
    {target: "2 workers >= 1.8x one worker, requests/s", value: `${workers.rpsRatio}x (per CPU-second: ${workers.perCpuRatio}x; ${workers.cores} cores, wrk on one)`, pass: workers.rpsRatio >= 1.8},
    {target: "median reload latency within 1.5x of raw bun --hot", value: `${latency[0]!.medianMs} ms vs ${latency[1]!.medianMs} ms (${latencyRatio.toFixed(2)}x)`, pass: latencyRatio <= 1.5},
    ...["plain route", "cache hit, gzip", "cache hit, brotli"].map((scenario) => ({
        target: `${scenario}: >= 0.95x raw Bun.serve and ahead of Hono`,
        value: `${ratio(scenario, "jopi-rewrite").toFixed(2)}x raw, Hono ${ratio(scenario, "Hono").toFixed(2)}x`,
        pass: ratio(scenario, "jopi-rewrite") >= 0.95 && ratio(scenario, "jopi-rewrite") > ratio(scenario, "Hono"),
    })),
    {target: "RSS growth from reload 100 to 1000 under 10 MB", value: `${growth("jopi-rewrite").toFixed(1)} MB (raw Bun.serve app: ${growth("raw").toFixed(1)} MB)`, pass: growth("jopi-rewrite") < 10},
    ...longLivedTargets(connections),
    ...sessionsTargets(sessions),
    {target: "cold docs build under 60 s and 1.5 GB", value: `${docs[0]!.seconds} s, ${docs[0]!.peakMB} MB`, pass: docs[0]!.ok && docs[0]!.seconds < 60 && docs[0]!.peakMB < 1536},
    {target: "sandbox check under 60 s", value: `${docs[2]!.seconds} s`, pass: docs[2]!.ok && docs[2]!.seconds < 60},
    ...shared.targets,
    ...floodTargets,
];
section("targets");
for (const {target, value, pass} of targets) console.log(`  ${pass ? "PASS" : "FAIL"}  ${target.padEnd(58)} ${value}`);

mkdirSync("bench/results", {recursive: true});
const results: BenchResults = {date: new Date().toISOString(), machine, throughput: speed, underLoad, latency, memory, docs, restarts, workers, longLived: connections, sessions, cacheFlood: flood, targets};
writeFileSync("bench/results/latest.json", `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nbench: done in ${Math.round((performance.now() - started) / 1000)} s; figures in bench/results/latest.json`);
