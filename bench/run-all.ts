// `npm run bench`: every benchmark, each against its baseline measured in this same run, every
// ratio from many short rounds with its 95% interval, the targets judged PASS/FAIL/UNSETTLED on
// those intervals (interval.ts), and every figure and round written to bench/results/latest.json
// for the Performance page of the docs. `npm run bench -- --only <group>` measures one group.
import {mkdirSync, writeFileSync} from "node:fs";
import {parseArgs} from "node:util";
import type {BenchResults, TargetResult} from "../src/components/charts/types.ts";
import {cacheFlood} from "./cache-flood.ts";
import {latencyContenders, underLoadContenders} from "./contenders.ts";
import {longLived, longLivedTargets, printLongLived} from "./long-lived.ts";
import {docsCosts} from "./docs-build.ts";
import {machineInfo} from "./machine.ts";
import {memoryOverReloads} from "./memory.ts";
import {latencyTargets, reloadLatencies} from "./reload-latency.ts";
import {reloadUnderLoad} from "./reload-under-load.ts";
import {hitsPlan, sharedCacheBench} from "./shared-cache.ts";
import {printRestarts, restartRuns, restartsUnderLoad, restartTargets} from "./rolling-restart.ts";
import {printSessions, sessionsBench, sessionsTargets} from "./sessions.ts";
import {cachePlan, fullPlan, printThroughput, throughput, throughputTargets} from "./throughput.ts";
import {workersTargets, workersThroughput} from "./workers.ts";

const started = performance.now();
const section = (title: string) => console.log(`\n== ${title}`);

const printTargets = (targets: TargetResult[]) => {
    for (const {target, value, pass, verdict} of targets) console.log(`  ${(verdict ?? (pass ? "PASS" : "FAIL")).padEnd(9)} ${target.padEnd(58)} ${value}`);
};

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

async function throughputFigure(plan = fullPlan) {
    section(`throughput (each server paired with raw Bun.serve on one core, wrk on the other; ${plan.rounds} rounds of ${plan.seconds} s)`);
    const speed = await throughput(plan);
    printThroughput(speed);
    return speed;
}

async function sharedFigure(plan?: Parameters<typeof sharedCacheBench>[0]) {
    section("shared cache tier (Redis), each figure against raw Bun.serve on the same core");
    const {targets, ...shared} = await sharedCacheBench(plan);
    if (shared.warm) console.log(`  fresh worker: ${JSON.stringify(shared.warm)}\n  Redis stopped 5 s under load: ${JSON.stringify(shared.outage)}`);
    return {shared, targets};
}

async function workersFigure() {
    section("jopi-rewrite serve: 2 workers against 1 (plain route, wrk pipelined), in turns");
    return workersThroughput();
}

async function latencyFigure(list = latencyContenders, plan?: Parameters<typeof reloadLatencies>[1]) {
    section("reload latency (write -> first response with the new code), contenders in turns");
    const latency = await reloadLatencies(list, plan);
    console.table(latency.latency.map(({samples, ...summary}) => summary));
    return latency;
}

// `npm run bench -- --only <group>`: one group alone, in a few minutes, written beside latest.json
// (never into it, which holds one whole run), under the keys latest.json gives it, with the targets
// it can judge. `cache` is for a change to the hit path: the cache hits alone, in more rounds.
type Figure = () => Promise<{record: Partial<BenchResults>; targets: TargetResult[]; note?: string}>;
const figures: Record<string, Figure> = {
    cache: async () => {
        const speed = await throughputFigure(cachePlan);
        const {shared, targets} = await sharedFigure(hitsPlan);
        return {record: {throughput: speed, sharedCache: shared}, targets: [...throughputTargets(speed), ...targets], note: `cache hits only, ${cachePlan.rounds} and ${hitsPlan.rounds} rounds of 1 s: a whole run has 12 and 10 rounds of the same length`};
    },
    throughput: async () => {
        const speed = await throughputFigure();
        return {record: {throughput: speed}, targets: throughputTargets(speed)};
    },
    reload: async () => {
        const plan = {rounds: 12, perTurn: 5};
        const latency = await latencyFigure(latencyContenders.slice(0, 2), plan);
        return {record: latency, targets: latencyTargets(latency), note: `jopi-rewrite and raw bun --hot only, ${plan.rounds} rounds of ${plan.perTurn} reloads: a whole run has 16 rounds of 8, and three more contenders`};
    },
    workers: async () => {
        const workers = await workersFigure();
        return {record: {workers}, targets: workersTargets(workers)};
    },
    shared: async () => {
        const {shared, targets} = await sharedFigure();
        return {record: {sharedCache: shared}, targets};
    },
    "long-lived": async () => {
        const connections = await longLivedFigure();
        return {record: {longLived: connections}, targets: longLivedTargets(connections)};
    },
    flood: async () => {
        const {flood, targets} = await floodFigure();
        return {record: {cacheFlood: flood}, targets};
    },
    restart: async () => {
        const restarts = await restartFigure();
        return {record: {restarts}, targets: restartTargets(restarts)};
    },
    sessions: async () => {
        const sessions = await sessionsFigure();
        return {record: {sessions}, targets: sessionsTargets(sessions)};
    },
};

async function longLivedFigure() {
    section("long-lived connections (200 WebSockets and 50 event streams while the app is rewritten 100 times)");
    const connections = await longLived();
    printLongLived(connections);
    return connections;
}

async function floodFigure() {
    section("cache flood (unique query strings against the same handler without cache, 100 popular pages read meanwhile)");
    const {targets, ...flood} = await cacheFlood();
    console.log(`  popular pages from the cache: ${(flood.popularHitRatio * 100).toFixed(1)}% of ${flood.popularAsked}`);
    if (flood.shared) console.log(`  shared tier: popular pages from its first tier: ${(flood.shared.popularHitRatio * 100).toFixed(1)}%; ${flood.shared.redisKeys} keys in Redis`);
    return {flood, targets};
}

const {values: flags} = parseArgs({options: {only: {type: "string"}}});
if (flags.only !== undefined) {
    const figure = figures[flags.only];
    if (!figure) throw new Error(`bench: --only knows ${Object.keys(figures).map((name) => `"${name}"`).join(", ")}, not ${JSON.stringify(flags.only)}`);
    const {record, targets, note} = await figure();
    section(`targets (${note ?? `${flags.only} only`}; PASS or FAIL: the whole 95% interval meets or misses the target, UNSETTLED: the target lies inside it)`);
    printTargets(targets);
    mkdirSync("bench/results", {recursive: true});
    writeFileSync(`bench/results/only-${flags.only}.json`, `${JSON.stringify({date: new Date().toISOString(), ...record, targets}, null, 2)}\n`);
    console.log(`\nbench: done in ${Math.round((performance.now() - started) / 1000)} s; figures in bench/results/only-${flags.only}.json (latest.json unchanged)`);
    process.exit(0);
}

// Read before measuring, from the binaries the contenders are started with: fails at once if one is missing.
const machine = await machineInfo();

const speed = await throughputFigure();

section("reload under load (64 keep-alive clients, an edit every 200 ms)");
const underLoad = [];
for (const contender of underLoadContenders) underLoad.push(await reloadUnderLoad(contender));
console.table(underLoad);

const restarts = await restartFigure();

const workers = await workersFigure();

const latency = await latencyFigure();

section("memory over reloads");
const memory = await memoryOverReloads();
for (const result of memory) console.log(`  ${result.name.padEnd(45)} ${result.marks.map((m) => `${m.reloads}: ${m.rssMB} MB`).join("  ")}`);

const connections = await longLivedFigure();

const sessions = await sessionsFigure();

const {shared, targets: sharedTargets} = await sharedFigure();

const {flood, targets: floodTargets} = await floodFigure();

section("docs");
const docs = await docsCosts();
console.table(docs);

const rss = (name: string, reloads: number) => memory.find((m) => m.name.startsWith(name))!.marks.find((m) => m.reloads === reloads)?.rssMB ?? NaN;
const growth = (name: string) => rss(name, 1000) - rss(name, 100);
const targets = [
    {target: "0 failed requests during reloads (jopi-rewrite, bun --hot)", value: `${underLoad[0]!.failed} failed, ${underLoad[0]!.non2xx} non-2xx`, pass: underLoad[0]!.failed === 0 && underLoad[0]!.non2xx === 0},
    ...restartTargets(restarts),
    ...workersTargets(workers),
    ...latencyTargets(latency),
    ...throughputTargets(speed),
    {target: "RSS growth from reload 100 to 1000 under 10 MB", value: `${growth("jopi-rewrite").toFixed(1)} MB (raw Bun.serve app: ${growth("raw").toFixed(1)} MB)`, pass: growth("jopi-rewrite") < 10},
    ...longLivedTargets(connections),
    ...sessionsTargets(sessions),
    {target: "cold docs build under 60 s and 1.5 GB", value: `${docs[0]!.seconds} s, ${docs[0]!.peakMB} MB`, pass: docs[0]!.ok && docs[0]!.seconds < 60 && docs[0]!.peakMB < 1536},
    {target: "sandbox check under 60 s", value: `${docs[2]!.seconds} s`, pass: docs[2]!.ok && docs[2]!.seconds < 60},
    ...sharedTargets,
    ...floodTargets,
];
section("targets (PASS or FAIL: the whole 95% interval meets or misses the target; UNSETTLED: the target lies inside it)");
printTargets(targets);

mkdirSync("bench/results", {recursive: true});
const results: BenchResults = {date: new Date().toISOString(), machine, throughput: speed, underLoad, ...latency, memory, docs, restarts, workers, longLived: connections, sessions, sharedCache: shared, cacheFlood: flood, targets};
writeFileSync("bench/results/latest.json", `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nbench: done in ${Math.round((performance.now() - started) / 1000)} s; figures in bench/results/latest.json`);
