// The shared cache tier (Redis): requests per CPU-second of a first-tier hit, a Redis hit and a
// miss, each measured at the same time as raw Bun.serve serving pre-compressed bytes on the same
// core (as throughput.ts does); how soon a fresh worker answers from Redis; and what clients see
// when Redis is stopped for 5 s under load. `bun bench/shared-cache.ts` runs it alone. Each ratio
// is judged on the 95% interval of its rounds (interval.ts). Each server has a raw Bun.serve of its
// own, loaded in the same pairs only, so that the two of a pair have the same past (throughput.ts says why).
import {BUN, endWithThisProcess, freePort, killGroup, RedisServer} from "hot-harness";
import type {Interval, TargetResult} from "../src/components/charts/types.ts";
import {allOf, bootstrapInterval, formatInterval, printTargets, ratioTarget} from "./interval.ts";
import {cpuSeconds, requireWrk, startServer, wrk} from "./load.ts";

/** Rounds of `seconds` each; `hitsOnly`: the two hit scenarios and their targets, without the fresh worker and the outage. */
export interface SharedPlan {
    rounds: number;
    seconds: number;
    hitsOnly?: boolean;
}

export const fullPlan: SharedPlan = {rounds: Number(process.env.BENCH_ROUNDS ?? 10), seconds: 1};
/** `--only cache`: the memory cache hit and the first-tier hit, in more rounds. */
export const hitsPlan: SharedPlan = {rounds: Number(process.env.BENCH_ROUNDS ?? 20), seconds: 1, hitsOnly: true};
const HITS = ["memory cache hit, same handler", "first-tier hit"];
const BROTLI = {"accept-encoding": "gzip, deflate, br"};
// Workers on several ports that declare the same website, asked as behind a load balancer.
const SITE = "http://127.0.0.1:3000";
const SHARED = {...BROTLI, host: "127.0.0.1:3000"};
const VARIED = `${import.meta.dir}/varied-paths.lua`;

type Running = Awaited<ReturnType<typeof startServer>>;

/** wrk with the varied-paths script: a new path at each request, or every other one with MIX. */
async function wrkVaried(url: string, seconds: number, env: Record<string, string> = {}) {
    const args = ["taskset", "-c", "0", "wrk", "-t1", "-c32", `-d${seconds}s`, "-s", VARIED, ...Object.entries(BROTLI).flatMap(([name, value]) => ["-H", `${name}: ${value}`]), url];
    const child = Bun.spawn(args, {stdout: "pipe", stderr: "pipe", env: {...process.env, ...env}});
    const out = await new Response(child.stdout).text();
    await child.exited;
    const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
    return {
        rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN),
        requests: Number(/(\d+) requests in/.exec(out)?.[1] ?? NaN),
        non2xx: Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0),
        errors: socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0,
        maxLatency: /Latency\s+\S+\s+\S+\s+(\S+)/.exec(out)?.[1] ?? "?",
    };
}

/** Requests per CPU-second of `server` on `path` over those of raw Bun.serve on its pre-compressed page, loaded at once. */
async function pairWithRaw(raw: Running, server: Running, path: string, varied: boolean, seconds: number, rawFirst: boolean): Promise<number> {
    const before = [cpuSeconds(raw.pid), cpuSeconds(server.pid)];
    const loadRaw = () => wrk(`http://127.0.0.1:${raw.port}/cached`, {seconds, connections: 32, headers: BROTLI});
    const loadServer = () => (varied ? wrkVaried(`http://127.0.0.1:${server.port}${path}`, seconds) : wrk(`http://127.0.0.1:${server.port}${path}`, {seconds, connections: 32, headers: BROTLI}));
    // Which wrk starts first alternates: the one started first has its server alone for a moment.
    const rawLoad = rawFirst ? loadRaw() : undefined;
    const serverLoad = loadServer();
    const [base, result] = await Promise.all([rawLoad ?? loadRaw(), serverLoad]);
    if (result.non2xx || result.errors || base.non2xx || base.errors) throw new Error(`bench: shared cache ${path}: ${result.non2xx} non-2xx, ${result.errors} socket errors`);
    return result.requests / (cpuSeconds(server.pid) - before[1]!) / (base.requests / (cpuSeconds(raw.pid) - before[0]!));
}

const ask = (server: Running, path: string, headers: Record<string, string> = BROTLI) => fetch(`http://127.0.0.1:${server.port}${path}`, {headers});

async function statsOf(server: Running, headers?: Record<string, string>) {
    return (await (await ask(server, "/stats", headers)).json()) as {hits: number; sharedHits: number; misses: number; errors: number};
}

export interface SharedCacheBench {
    /** Each scenario's figure over raw Bun.serve's, each round, and the median with its interval. */
    rounds: Record<string, number[]>;
    intervals: Record<string, Interval>;
    /** Absent with `hitsOnly`. */
    warm?: {readyMs: number; firstAnswerMs: number; fromRedis: boolean; coldFirstAnswerMs: number};
    outage?: {requests: number; non2xx: number; socketErrors: number; rps: number; maxLatency: string; outagesLogged: number; recoveriesLogged: number; log: string[]};
    targets: TargetResult[];
}

/** Runs every measurement of the plan; starts and stops its own redis-server and servers. */
export async function sharedCacheBench(plan: SharedPlan = fullPlan): Promise<SharedCacheBench> {
    requireWrk();
    const redis = await RedisServer.start();
    const running: Running[] = [];
    const start = async (file: string, env: Record<string, string> = {}) => {
        const server = await startServer(file, "1", {REDIS_URL: redis.url, ...env});
        running.push(server);
        return server;
    };
    try {
        const memory = await start("bench/servers/jopi-shared.ts", {CACHE: "memory"});
        const memoryAwaited = await start("bench/servers/jopi-shared.ts", {CACHE: "memory", HANDLER: "await"});
        const shared = await start("bench/servers/jopi-shared.ts");
        // The misses have a server of their own: their Redis writes, still going out when the next
        // scenario starts, would be counted against that scenario's first-tier hits.
        const sharedMisses = await start("bench/servers/jopi-shared.ts");
        const redisOnly = await start("bench/servers/jopi-shared.ts", {CACHE: "redis-only"});
        const rawFor = new Map<Running, Running>();
        for (const server of [memory, memoryAwaited, shared, sharedMisses, redisOnly]) {
            rawFor.set(server, await start("bench/servers/raw-bun.ts"));
            await (await ask(server, "/cached")).arrayBuffer();
        }

        // The memory cache alone, measured the same way and through the same handler
        // (getFromCacheOr), so that the two differ by the tier only; and with an awaited
        // handler, to show what an await costs.
        const scenarios = {
            "memory cache hit, same handler": [memory, "/cached", false],
            "memory cache hit, awaited handler": [memoryAwaited, "/cached", false],
            "first-tier hit": [shared, "/cached", false],
            "Redis hit": [redisOnly, "/cached", false],
            "miss (handler, compression, store)": [sharedMisses, "/cached", true],
        } as const;
        const rounds: Record<string, number[]> = {};
        const measured = Object.entries(scenarios).filter(([name]) => !plan.hitsOnly || HITS.includes(name));
        for (let round = 1; round <= plan.rounds; round++) {
            // Alternate the order, so that a machine that slows down during the run favours no one.
            for (const [name, [server, path, varied]] of round % 2 ? measured : [...measured].reverse()) {
                const ratio = await pairWithRaw(rawFor.get(server)!, server, path, varied, plan.seconds, round % 2 === 1);
                (rounds[name] ??= []).push(Number(ratio.toFixed(4)));
                console.log(`  round ${round}  ${name.padEnd(36)} ${ratio.toFixed(3)}x raw Bun.serve (pre-compressed brotli)`);
            }
        }
        const intervals = Object.fromEntries(Object.entries(rounds).map(([name, values]) => [name, bootstrapInterval(values)]));
        for (const [name, interval] of Object.entries(intervals)) console.log(`  ${name.padEnd(40)} ${formatInterval(interval)} raw Bun.serve, ${interval.rounds} rounds of ${plan.seconds} s`);
        const hitTargets = sharedHitTargets(rounds);
        if (plan.hitsOnly) return {rounds, intervals, targets: hitTargets};
        const redisOnlyStats = await statsOf(redisOnly);

        // A fresh worker against a warm Redis, and one against an empty Redis.
        const timeFirstAnswer = async () => {
            const spawned = performance.now();
            const worker = await start("bench/servers/jopi-shared.ts", {SITE});
            const ready = performance.now() - spawned;
            await (await ask(worker, "/cached", SHARED)).arrayBuffer();
            return {ready, first: performance.now() - spawned, stats: await statsOf(worker, SHARED)};
        };
        await timeFirstAnswer(); // stores the page
        const warmWorker = await timeFirstAnswer();
        await redis.command("FLUSHALL");
        const coldWorker = await timeFirstAnswer();
        const warm = {readyMs: Math.round(warmWorker.ready), firstAnswerMs: Math.round(warmWorker.first), fromRedis: warmWorker.stats.sharedHits === 1, coldFirstAnswerMs: Math.round(coldWorker.first)};

        // Redis stopped for 5 s under load: half the requests are first-tier hits, half are new
        // pages, which ask Redis and store in it.
        const logs: string[] = [];
        const watched = await startServerLogged("bench/servers/jopi-shared.ts", redis.url, logs);
        running.push(watched);
        await (await ask(watched, "/cached")).arrayBuffer();
        const outageDone = (async () => {
            await Bun.sleep(2000);
            await redis.stop();
            await Bun.sleep(5000);
            await redis.resume();
        })();
        const load = await wrkVaried(`http://127.0.0.1:${watched.port}/cached`, 10, {MIX: "1"});
        await outageDone;
        await Bun.sleep(1500);
        const outage = {
            requests: load.requests,
            non2xx: load.non2xx,
            socketErrors: load.errors,
            rps: Math.round(load.rps),
            maxLatency: load.maxLatency,
            outagesLogged: logs.filter((line) => line.includes("cannot use Redis")).length,
            recoveriesLogged: logs.filter((line) => line.includes("again")).length,
            log: logs,
        };
        const redisOverMiss = ratioTarget("", rounds["Redis hit"]!.map((ratio, round) => ratio / rounds["miss (handler, compression, store)"]![round]!), {atLeast: 1});
        // Its first tier keeps nothing: after the first request, which stored the page, a miss is
        // a lookup that took longer than the timeout (a busy machine), answered by rendering again.
        const fromRedis = redisOnlyStats.sharedHits >= 0.99 * (redisOnlyStats.sharedHits + redisOnlyStats.misses);
        const redisVerdict = allOf([fromRedis ? "PASS" : "FAIL", redisOverMiss.verdict]);
        const targets: TargetResult[] = [
            ...hitTargets,
            {target: "a fresh worker's first answer comes from Redis", value: `${warm.firstAnswerMs} ms after spawn (an empty Redis: ${warm.coldFirstAnswerMs} ms)`, pass: warm.fromRedis},
            {
                target: "shared tier, Redis hit: served without compressing again",
                value: `${formatInterval(intervals["Redis hit"]!)} raw, miss ${formatInterval(intervals["miss (handler, compression, store)"]!)}, Redis hit over miss ${formatInterval(redisOverMiss.interval)}; ${redisOnlyStats.sharedHits} Redis hits, ${redisOnlyStats.misses} misses`,
                pass: redisVerdict === "PASS",
                verdict: redisVerdict,
                interval: redisOverMiss.interval,
            },
            {
                target: "Redis stopped 5 s under load: every request answered, outage logged once",
                value: `${outage.requests} requests, ${outage.non2xx} non-2xx, ${outage.socketErrors} socket errors, slowest ${outage.maxLatency}; ${outage.outagesLogged} outage line(s)`,
                pass: outage.non2xx === 0 && outage.socketErrors === 0 && outage.outagesLogged === 1 && outage.recoveriesLogged === 1,
            },
        ];
        return {rounds, intervals, warm, outage, targets};
    } finally {
        await Promise.all(running.map((server) => server.stop()));
        await redis.stop();
    }
}

/** The first-tier hit against raw Bun.serve and against the memory cache alone, round by round. */
function sharedHitTargets(rounds: Record<string, number[]>): TargetResult[] {
    const [memory, firstTier] = [rounds["memory cache hit, same handler"]!, rounds["first-tier hit"]!];
    const alone = `memory cache alone: ${formatInterval(bootstrapInterval(memory))}${rounds["memory cache hit, awaited handler"] ? `, awaited: ${formatInterval(bootstrapInterval(rounds["memory cache hit, awaited handler"]))}` : ""}`;
    return [
        ratioTarget("shared tier, first-tier hit: >= 0.95x raw Bun.serve", firstTier, {atLeast: 0.95}, alone),
        ratioTarget("shared tier, first-tier hit: within 2% of the memory cache alone (>= 0.98x)", firstTier.map((ratio, round) => ratio / memory[round]!), {atLeast: 0.98}),
    ];
}

/** startServer, keeping the server's stderr lines in `logs`. */
async function startServerLogged(file: string, redisUrl: string, logs: string[]): Promise<Running> {
    const port = await freePort();
    const child = Bun.spawn(["taskset", "-c", "1", BUN, file], {env: {...process.env, REDIS_URL: redisUrl, PORT: String(port)}, stdout: "pipe", stderr: "pipe", detached: true});
    endWithThisProcess(child);
    void (async () => {
        const errors = child.stderr.getReader();
        for (let read = await errors.read(); !read.done; read = await errors.read()) logs.push(...new TextDecoder().decode(read.value).split("\n").filter(Boolean));
    })();
    const reader = child.stdout.getReader();
    for (let seen = ""; !seen.includes("ready on"); ) {
        const {value, done} = await reader.read();
        if (done) throw new Error(`bench: ${file} exited before it was ready`);
        seen += new TextDecoder().decode(value);
    }
    void (async () => { while (!(await reader.read()).done); })();
    return {port, pid: child.pid, stop: async () => { killGroup(child.pid, "SIGKILL"); await child.exited; }};
}

if (import.meta.main) {
    const result = await sharedCacheBench();
    console.log(JSON.stringify({warm: result.warm, outage: result.outage}, null, 2));
    printTargets(result.targets, 74);
}
