// The shared cache tier (Redis): requests per CPU-second of a first-tier hit, a Redis hit and a
// miss, each measured at the same time as raw Bun.serve serving pre-compressed bytes on the same
// core (as throughput.ts does); how soon a fresh worker answers from Redis; and what clients see
// when Redis is stopped for 5 s under load. `bun bench/shared-cache.ts` runs it alone.
import {readFileSync} from "node:fs";
import {BUN, freePort, killGroup, RedisServer} from "hot-harness";
import type {TargetResult} from "../src/components/charts/types.ts";
import {median, requireWrk, startServer, wrk} from "./load.ts";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = 2;
const BROTLI = {"accept-encoding": "gzip, deflate, br"};
// Workers on several ports that declare the same website, asked as behind a load balancer.
const SITE = "http://127.0.0.1:3000";
const SHARED = {...BROTLI, host: "127.0.0.1:3000"};
const VARIED = `${import.meta.dir}/varied-paths.lua`;

type Running = Awaited<ReturnType<typeof startServer>>;
const cpuSeconds = (pid: number) => Number(readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ")[0]) / 1e9;

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
async function pairWithRaw(raw: Running, server: Running, path: string, varied: boolean, headers: Record<string, string>): Promise<number> {
    const before = [cpuSeconds(raw.pid), cpuSeconds(server.pid)];
    const [base, result] = await Promise.all([
        wrk(`http://127.0.0.1:${raw.port}/cached`, {seconds: SECONDS, connections: 32, headers: BROTLI}),
        varied ? wrkVaried(`http://127.0.0.1:${server.port}${path}`, SECONDS) : wrk(`http://127.0.0.1:${server.port}${path}`, {seconds: SECONDS, connections: 32, headers}),
    ]);
    if (result.non2xx || result.errors || base.non2xx || base.errors) throw new Error(`bench: shared cache ${path}: ${result.non2xx} non-2xx, ${result.errors} socket errors`);
    const ratio = (result.rps * SECONDS) / (cpuSeconds(server.pid) - before[1]!) / ((base.rps * SECONDS) / (cpuSeconds(raw.pid) - before[0]!));
    return ratio;
}

const ask = (server: Running, path: string, headers: Record<string, string> = BROTLI) => fetch(`http://127.0.0.1:${server.port}${path}`, {headers});

async function statsOf(server: Running, headers?: Record<string, string>) {
    return (await (await ask(server, "/stats", headers)).json()) as {hits: number; sharedHits: number; misses: number; errors: number};
}

export interface SharedCacheBench {
    ratios: Record<string, number>;
    warm: {readyMs: number; firstAnswerMs: number; fromRedis: boolean; coldFirstAnswerMs: number};
    outage: {requests: number; non2xx: number; socketErrors: number; rps: number; maxLatency: string; outagesLogged: number; recoveriesLogged: number; log: string[]};
    targets: TargetResult[];
}

/** Runs every measurement; starts and stops its own redis-server and servers. */
export async function sharedCacheBench(): Promise<SharedCacheBench> {
    requireWrk();
    const redis = await RedisServer.start();
    const running: Running[] = [];
    const start = async (file: string, env: Record<string, string> = {}) => {
        const server = await startServer(file, "1", {REDIS_URL: redis.url, ...env});
        running.push(server);
        return server;
    };
    try {
        const raw = await start("bench/servers/raw-bun.ts");
        const memorySync = await start("bench/servers/jopi.ts");
        const memoryAwaited = await start("bench/servers/jopi-shared.ts", {CACHE: "memory", HANDLER: "await"});
        const shared = await start("bench/servers/jopi-shared.ts");
        const redisOnly = await start("bench/servers/jopi-shared.ts", {CACHE: "redis-only"});
        for (const server of [memorySync, memoryAwaited, shared, redisOnly]) await (await ask(server, "/cached")).arrayBuffer();

        // The memory cache alone, measured the same way: with the handler of the throughput bench
        // (no await: the memory cache answers at once), and with an awaited one, to show what an
        // await costs; the shared tier's handler uses getFromCacheOr, which needs none on a hit.
        const scenarios = {
            "memory cache hit, handler without await": [memorySync, "/cached", false],
            "memory cache hit, awaited handler": [memoryAwaited, "/cached", false],
            "first-tier hit": [shared, "/cached", false],
            "Redis hit": [redisOnly, "/cached", false],
            "miss (handler, compression, store)": [shared, "/cached", true],
        } as const;
        const rounds: Record<string, number[]> = {};
        for (let round = 1; round <= ROUNDS; round++) {
            for (const [name, [server, path, varied]] of Object.entries(scenarios)) {
                const ratio = await pairWithRaw(raw, server, path, varied, BROTLI);
                (rounds[name] ??= []).push(ratio);
                console.log(`  round ${round}  ${name.padEnd(36)} ${ratio.toFixed(3)}x raw Bun.serve (pre-compressed brotli)`);
            }
        }
        const ratios: Record<string, number> = Object.fromEntries(Object.entries(rounds).map(([name, values]) => [name, Number(median(values).toFixed(3))]));
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
        const targets: TargetResult[] = [
            {
                target: "shared tier, first-tier hit: >= 0.95x raw Bun.serve",
                value: `${ratios["first-tier hit"]!.toFixed(2)}x raw (memory cache alone: ${ratios["memory cache hit, handler without await"]!.toFixed(2)}x, awaited: ${ratios["memory cache hit, awaited handler"]!.toFixed(2)}x)`,
                pass: ratios["first-tier hit"]! >= 0.95,
            },
            {
                target: "shared tier, first-tier hit: >= 0.95x the memory cache alone",
                value: `${(ratios["first-tier hit"]! / ratios["memory cache hit, handler without await"]!).toFixed(2)}x`,
                pass: ratios["first-tier hit"]! / ratios["memory cache hit, handler without await"]! >= 0.95,
            },
            {target: "a fresh worker's first answer comes from Redis", value: `${warm.firstAnswerMs} ms after spawn (an empty Redis: ${warm.coldFirstAnswerMs} ms)`, pass: warm.fromRedis},
            {
                target: "shared tier, Redis hit: served without compressing again",
                value: `${ratios["Redis hit"]!.toFixed(2)}x raw, miss ${ratios["miss (handler, compression, store)"]!.toFixed(2)}x; ${redisOnlyStats.sharedHits} Redis hits, ${redisOnlyStats.misses} misses`,
                // Its first tier keeps nothing: after the first request, which stored the page, a miss is
                // a lookup that took longer than the timeout (a busy machine), answered by rendering again.
                pass: redisOnlyStats.sharedHits >= 0.99 * (redisOnlyStats.sharedHits + redisOnlyStats.misses) && ratios["Redis hit"]! > ratios["miss (handler, compression, store)"]!,
            },
            {
                target: "Redis stopped 5 s under load: every request answered, outage logged once",
                value: `${outage.requests} requests, ${outage.non2xx} non-2xx, ${outage.socketErrors} socket errors, slowest ${outage.maxLatency}; ${outage.outagesLogged} outage line(s)`,
                pass: outage.non2xx === 0 && outage.socketErrors === 0 && outage.outagesLogged === 1 && outage.recoveriesLogged === 1,
            },
        ];
        return {ratios, warm, outage, targets};
    } finally {
        await Promise.all(running.map((server) => server.stop()));
        await redis.stop();
    }
}

/** startServer, keeping the server's stderr lines in `logs`. */
async function startServerLogged(file: string, redisUrl: string, logs: string[]): Promise<Running> {
    const port = await freePort();
    const child = Bun.spawn(["taskset", "-c", "1", BUN, file], {env: {...process.env, REDIS_URL: redisUrl, PORT: String(port)}, stdout: "pipe", stderr: "pipe", detached: true});
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
    console.log(JSON.stringify({ratios: result.ratios, warm: result.warm, outage: result.outage}, null, 2));
    for (const {target, value, pass} of result.targets) console.log(`  ${pass ? "PASS" : "FAIL"}  ${target.padEnd(74)} ${value}`);
}
