// The cache under a flood of unique query strings (`?v=<random>`, the way to bypass a cache):
// requests per CPU-second of a cached route whose every request is new, over those of the same
// handler with no cache, both on core 1 and loaded at the same time (as throughput.ts does), each
// round with keys never asked before. Meanwhile a third client reads 100 popular pages, cached
// before the flood: the share of them answered from the process's memory. Then the same against
// the shared tier (Redis). `bun bench/cache-flood.ts` runs it alone.
import {readFileSync} from "node:fs";
import type {CacheFloodResult, TargetResult} from "../src/components/charts/types.ts";
import {RedisServer} from "hot-harness";
import {bootstrapInterval, printTargets, ratioTarget} from "./interval.ts";
import {median, requireWrk, startServer} from "./load.ts";

// Short rounds and many: the target is judged on the 95% interval of the rounds' ratios.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const SECONDS = 2;
const POPULAR = 100;
const GZIP = {"accept-encoding": "gzip, deflate, br"};
const SCRIPT = `${import.meta.dir}/flood.lua`;

type Running = Awaited<ReturnType<typeof startServer>>;
const cpuSeconds = (pid: number) => Number(readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ")[0]) / 1e9;

/** wrk on core 0 with flood.lua: new query strings (`flood` tells one run's from another's), or the popular pages. */
async function wrkFlood(server: Running, seconds: number, env: {FLOOD?: string; POPULAR?: string}, connections = 32) {
    const headers = Object.entries(GZIP).flatMap(([name, value]) => ["-H", `${name}: ${value}`]);
    const child = Bun.spawn(["taskset", "-c", "0", "wrk", "-t1", `-c${connections}`, `-d${seconds}s`, "--timeout", "10s", "-s", SCRIPT, ...headers, `http://127.0.0.1:${server.port}/page`], {
        stdout: "pipe",
        stderr: "pipe",
        env: {...process.env, ...env},
    });
    const out = await new Response(child.stdout).text();
    await child.exited;
    const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
    const result = {
        rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN),
        non2xx: Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0),
        errors: socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0,
    };
    if (Number.isNaN(result.rps) || result.non2xx || result.errors) throw new Error(`bench: cache flood: ${result.non2xx} non-2xx, ${result.errors} socket errors\n${out}`);
    return result;
}

interface Counts {
    popular: {hits: number; rendered: number};
    cache: {entries: number; bytes: number; evictions: number};
}
const countsOf = async (server: Running) => (await (await fetch(`http://127.0.0.1:${server.port}/counts`)).json()) as Counts;

let floods = 0;
const nextFlood = () => `${process.pid}-${Date.now()}-${++floods}`;

interface Rounds {
    ratios: number[];
    cachedRps: number[];
    uncachedRps: number[];
    popularHits: number;
    popularAsked: number;
}

/** Fills the room left in `cached` (its 100 popular pages first), then floods it and `uncached` at once, round after round. */
async function floodRounds(cached: Running, uncached: Running, label: string): Promise<Rounds & {filled: Counts}> {
    for (let p = 0; p < POPULAR; p++) await (await fetch(`http://127.0.0.1:${cached.port}/page?p=${p}`, {headers: GZIP})).arrayBuffer();
    // The flood first fills the room left in the cache, compressing what it stores, once; the
    // rounds measure what follows, for as long as the flood goes on. Sending each page to Redis
    // as well makes the shared tier slower to fill: flood until the cache stops growing.
    let filled = await countsOf(cached);
    for (let fill = 0; fill < 6; fill++) {
        await Promise.all([wrkFlood(cached, 4, {FLOOD: nextFlood()}), wrkFlood(uncached, 4, {FLOOD: nextFlood()})]);
        const now = await countsOf(cached);
        if (now.cache.entries === filled.cache.entries) break;
        filled = now;
    }
    const rounds: Rounds = {ratios: [], cachedRps: [], uncachedRps: [], popularHits: 0, popularAsked: 0};
    for (let round = 1; round <= ROUNDS; round++) {
        const before = {cpu: [cpuSeconds(cached.pid), cpuSeconds(uncached.pid)], counts: await countsOf(cached)};
        const [withCache, withoutCache] = await Promise.all([
            wrkFlood(cached, SECONDS, {FLOOD: nextFlood()}),
            wrkFlood(uncached, SECONDS, {FLOOD: nextFlood()}),
            wrkFlood(cached, SECONDS, {POPULAR: String(POPULAR)}, 2),
        ]);
        const perCpu = [(withCache.rps * SECONDS) / (cpuSeconds(cached.pid) - before.cpu[0]!), (withoutCache.rps * SECONDS) / (cpuSeconds(uncached.pid) - before.cpu[1]!)];
        const after = await countsOf(cached);
        const hits = after.popular.hits - before.counts.popular.hits;
        const asked = hits + after.popular.rendered - before.counts.popular.rendered;
        rounds.popularHits += hits;
        rounds.popularAsked += asked;
        rounds.ratios.push(Number((perCpu[0]! / perCpu[1]!).toFixed(3)));
        rounds.cachedRps.push(Math.round(perCpu[0]!));
        rounds.uncachedRps.push(Math.round(perCpu[1]!));
        console.log(`  ${label} round ${round}  flood ${(perCpu[0]! / perCpu[1]!).toFixed(3)}x the handler without cache (${Math.round(perCpu[0]!)} vs ${Math.round(perCpu[1]!)} req/s per core); popular pages: ${hits} of ${asked} from the cache`);
    }
    return {...rounds, filled};
}

/** The medians of the rounds and the two targets they are held to. */
function summary(rounds: Rounds, tier: string): [Omit<CacheFloodResult, "pageBytes" | "cache" | "shared">, TargetResult[]] {
    const result = {
        ratios: rounds.ratios,
        ratioMedian: median(rounds.ratios),
        interval: bootstrapInterval(rounds.ratios),
        cachedPerCpu: median(rounds.cachedRps),
        uncachedPerCpu: median(rounds.uncachedRps),
        popularHitRatio: Number((rounds.popularHits / rounds.popularAsked).toFixed(4)),
        popularAsked: rounds.popularAsked,
    };
    const targets: TargetResult[] = [
        ratioTarget(`cache flood${tier} (unique query strings): >= 0.8x the handler without cache`, rounds.ratios, {atLeast: 0.8}, `${result.cachedPerCpu} vs ${result.uncachedPerCpu} req/s per core`),
        {
            target: `cache flood${tier}: >= 95% of 100 popular pages answered from memory`,
            value: `${(result.popularHitRatio * 100).toFixed(1)}% of ${result.popularAsked}`,
            pass: result.popularHitRatio >= 0.95,
        },
    ];
    return [result, targets];
}

/**
 * Runs the rounds against the memory cache, then against the shared tier on a redis-server of its
 * own (only the jopi process's CPU is counted: Redis's is not the handler's); starts and stops its servers.
 */
export async function cacheFlood(): Promise<CacheFloodResult & {targets: TargetResult[]}> {
    requireWrk();
    const running: Running[] = [];
    let redis: RedisServer | undefined;
    try {
        const start = async (env: Record<string, string>) => {
            const server = await startServer("bench/servers/flood.ts", "1", env);
            running.push(server);
            return server;
        };
        const uncached = await start({CACHE: "off"});
        const cached = await start({});
        const memory = await floodRounds(cached, uncached, "memory");
        const last = await countsOf(cached);
        await cached.stop();

        redis = await RedisServer.start();
        const shared = await start({CACHE: "shared", REDIS_URL: redis.url});
        const sharedRounds = await floodRounds(shared, uncached, "shared");
        const redisKeys = Number(await redis.command("DBSIZE"));

        const [memoryResult, memoryTargets] = summary(memory, "");
        const [sharedResult, sharedTargets] = summary(sharedRounds, " on the shared tier");
        const result: CacheFloodResult = {
            pageBytes: (await (await fetch(`http://127.0.0.1:${uncached.port}/page`)).arrayBuffer()).byteLength,
            ...memoryResult,
            cache: {entriesAfterFill: memory.filled.cache.entries, entries: last.cache.entries, evictions: last.cache.evictions},
            shared: {...sharedResult, redisKeys, firstTierEntries: sharedRounds.filled.cache.entries},
        };
        memoryTargets[1]!.value += `; ${result.cache.evictions} evictions`;
        sharedTargets[1]!.value += `; ${redisKeys} keys in Redis`;
        return {...result, targets: [...memoryTargets, ...sharedTargets]};
    } finally {
        await Promise.all(running.map((server) => server.stop()));
        await redis?.stop();
    }
}

if (import.meta.main) {
    const {targets, ...result} = await cacheFlood();
    console.log(JSON.stringify(result));
    printTargets(targets, 70);
}
