// `npm run bench`: every benchmark, each against its baseline measured in this same run, every
// ratio from many short rounds with its 95% interval, the targets judged PASS/FAIL/UNSETTLED on
// those intervals (interval.ts), and every figure and round written to bench/results/latest.json
// for the Performance page of the docs. `npm run bench -- --only <group>` measures one group.
import {mkdirSync, writeFileSync} from "node:fs";
import {parseArgs} from "node:util";
import type {BenchResults} from "../src/components/charts/types.ts";
import {underLoadContenders} from "./contenders.ts";
import {docsCosts} from "./docs-build.ts";
import * as group from "./groups.ts";
import {printTargets} from "./interval.ts";
import {longLivedTargets} from "./long-lived.ts";
import {machineInfo} from "./machine.ts";
import {memoryOverReloads} from "./memory.ts";
import {latencyTargets} from "./reload-latency.ts";
import {reloadUnderLoad} from "./reload-under-load.ts";
import {restartTargets} from "./rolling-restart.ts";
import {sessionsTargets} from "./sessions.ts";
import {throughputTargets} from "./throughput.ts";
import {workersTargets} from "./workers.ts";

const started = performance.now();
const {section} = group;

const {values: flags} = parseArgs({options: {only: {type: "string"}}});
if (flags.only !== undefined) {
    const figure = group.groups[flags.only];
    if (!figure) throw new Error(`bench: --only knows ${Object.keys(group.groups).map((name) => `"${name}"`).join(", ")}, not ${JSON.stringify(flags.only)}`);
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

const speed = await group.throughputFigure();

section("reload under load (64 keep-alive clients, an edit every 200 ms)");
const underLoad = [];
for (const contender of underLoadContenders) underLoad.push(await reloadUnderLoad(contender));
console.table(underLoad);

const restarts = await group.restartFigure();

const workers = await group.workersFigure();

const latency = await group.latencyFigure();

section("memory over reloads");
const memory = await memoryOverReloads();
for (const result of memory) console.log(`  ${result.name.padEnd(45)} ${result.marks.map((m) => `${m.reloads}: ${m.rssMB} MB`).join("  ")}`);

const connections = await group.longLivedFigure();

const sessions = await group.sessionsFigure();

const {shared, targets: sharedTargets} = await group.sharedFigure();

const {flood, targets: floodTargets} = await group.floodFigure();

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
