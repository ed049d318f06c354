// Each benchmark of `npm run bench` as a section of its output (a title, its figures), and the groups
// that `--only` measures alone. run-all.ts runs them all, in order, for a whole run.
import type {BenchResults, TargetResult} from "../src/components/charts/types.ts";
import {cacheFlood} from "./cache-flood.ts";
import {latencyContenders} from "./contenders.ts";
import {longLived, longLivedTargets, printLongLived} from "./long-lived.ts";
import {latencyTargets, reloadLatencies} from "./reload-latency.ts";
import {hitsPlan, sharedCacheBench} from "./shared-cache.ts";
import {printRestarts, restartRuns, restartsUnderLoad, restartTargets} from "./rolling-restart.ts";
import {printSessions, sessionsBench, sessionsTargets} from "./sessions.ts";
import {cachePlan, fullPlan, printThroughput, throughput, throughputTargets} from "./throughput.ts";
import {workersTargets, workersThroughput} from "./workers.ts";

/** A section's title line. */
export const section = (title: string) => console.log(`\n== ${title}`);

/** Restarts under load, every way of restarting; the section printed. */
export async function restartFigure() {
    section("restarts under load (64 keep-alive GET, 32 connection-per-request and 32 keep-alive POST clients; tcp_migrate_req 1 and 0)");
    const results = [];
    for (const run of await restartRuns()) results.push(await restartsUnderLoad(run));
    printRestarts(results);
    return results;
}

/** Sessions across rolling restarts, against Socket.IO; the section printed. */
export async function sessionsFigure() {
    section("resumable sessions (200 WebSockets and 50 event streams, a numbered message each every 50 ms, 20 rolling restarts; Socket.IO under pm2 reload)");
    const sessions = await sessionsBench();
    printSessions(sessions);
    return sessions;
}

/** Throughput pairs of the plan, their ratios and intervals printed. */
export async function throughputFigure(plan = fullPlan) {
    section(`throughput (each server paired with raw Bun.serve on one core, wrk on the other; ${plan.rounds} rounds of ${plan.seconds} s)`);
    const speed = await throughput(plan);
    printThroughput(speed);
    return speed;
}

/** The shared cache tier of the plan, its ratios and intervals printed; its targets apart. */
export async function sharedFigure(plan?: Parameters<typeof sharedCacheBench>[0]) {
    section("shared cache tier (Redis), each figure against raw Bun.serve on the same core");
    const {targets, ...shared} = await sharedCacheBench(plan);
    if (shared.warm) console.log(`  fresh worker: ${JSON.stringify(shared.warm)}\n  Redis stopped 5 s under load: ${JSON.stringify(shared.outage)}`);
    return {shared, targets};
}

/** 2 workers against 1, in turns; the rounds printed. */
export async function workersFigure() {
    section("jopi-rewrite serve: 2 workers against 1 (plain route, wrk pipelined), in turns");
    return workersThroughput();
}

/** Reload latency of each contender in turns, and the ratio of the first two per round. */
export async function latencyFigure(list = latencyContenders, plan?: Parameters<typeof reloadLatencies>[1]) {
    section("reload latency (write -> first response with the new code), contenders in turns");
    const latency = await reloadLatencies(list, plan);
    console.table(latency.latency.map(({samples, ...summary}) => summary));
    return latency;
}

/**
 * What `npm run bench -- --only <group>` measures: one group alone, in a few minutes, under the keys
 * latest.json gives it, with the targets it can judge. `cache` is for a change to the hit path:
 * the cache hits alone, in more rounds.
 */
export type Group = () => Promise<{record: Partial<BenchResults>; targets: TargetResult[]; note?: string}>;
export const groups: Record<string, Group> = {
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
        const plan = {rounds: 24, perTurn: 8};
        const latency = await latencyFigure(latencyContenders.slice(0, 2), plan);
        return {record: latency, targets: latencyTargets(latency), note: `jopi-rewrite and raw bun --hot only, in ${plan.rounds} rounds of ${plan.perTurn} reloads: a whole run has 16 such rounds, with ${latencyContenders.length - 2} more contenders in each`};
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

/** Long-lived connections under reloads, and the WebSocket rate against raw Bun.serve. */
export async function longLivedFigure() {
    section("long-lived connections (200 WebSockets and 50 event streams while the app is rewritten 100 times)");
    const connections = await longLived();
    printLongLived(connections);
    return connections;
}

/** The cache flood, memory then shared tier; its targets apart. */
export async function floodFigure() {
    section("cache flood (unique query strings against the same handler without cache, 100 popular pages read meanwhile)");
    const {targets, ...flood} = await cacheFlood();
    console.log(`  popular pages from the cache: ${(flood.popularHitRatio * 100).toFixed(1)}% of ${flood.popularAsked}`);
    if (flood.shared) console.log(`  shared tier: popular pages from its first tier: ${(flood.shared.popularHitRatio * 100).toFixed(1)}%; ${flood.shared.redisKeys} keys in Redis`);
    return {flood, targets};
}

