// Resumable sessions across rolling restarts: 200 WebSockets and 50 event streams, the server
// sending a numbered message to each every 50 ms, while `jopi-rewrite serve --workers 2` is
// restarted 20 times; the clients (another process, bench/sessions-client.ts) count what was lost,
// duplicated, out of order, and which reconnections did not get their session back. Beside it: the
// same run without restarts (the delay a message has anyway), Socket.IO 4's connectionStateRecovery
// under `pm2 reload` with its in-memory adapter and with its Redis Streams adapter on a real
// redis-server, and messages per CPU-second of the workers with sessions on and off.
// `bun bench/sessions.ts` runs it alone, `--rate` only the messages per CPU-second (2 minutes);
// BENCH_SESSION_RESTARTS, BENCH_SOCKETS, BENCH_STREAMS, BENCH_RATE_WARMUP_SECONDS, BENCH_RATE_ROUNDS,
// BENCH_RATE_SECONDS shorten it.
import {spawn} from "bun";
import {mkdirSync, mkdtempSync, rmSync} from "node:fs";
import {join} from "node:path";
import type {SessionCounts, SessionsResult, SessionsRun, TargetResult} from "../src/components/charts/types.ts";
import {BUN, endWithThisProcess, freePort, killGroup, LineLog, RedisServer, REPO_ROOT} from "hot-harness";
import {bootstrapInterval, printTargets, ratioTarget} from "./interval.ts";
import type {LoadPlan} from "./sessions-client.ts";
import {cpuBetween, jopiServe, pm2SocketIo, type SessionServer} from "./sessions-servers.ts";
import {now} from "./sessions-tally.ts";

const RESTARTS = Number(process.env.BENCH_SESSION_RESTARTS ?? 20);
const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 200);
const STREAMS = Number(process.env.BENCH_STREAMS ?? 50);
// The load runs this long before the first round: the figure is the rate once the workers' code is
// compiled, not the compiling. 15 s after the clients were in, the compiler still took a fifth of
// the CPU of workers serving resumable event streams, and a twentieth 60 s after.
const RATE_WARMUP_SECONDS = Number(process.env.BENCH_RATE_WARMUP_SECONDS ?? 15);
const RATE_ROUNDS = Number(process.env.BENCH_RATE_ROUNDS ?? 12);
// Rounds of 6 s: a worker's garbage collector runs in bursts, and a round of 3 s that caught one on
// one side and not the other read anywhere from 0.7x to 1.4x on the same code; the interval over
// the rounds says how much is left of that.
const RATE_SECONDS = Number(process.env.BENCH_RATE_SECONDS ?? 6);
// After the last restart: long enough for the slowest reconnection (Socket.IO's back-off reaches 5 s) to come back and catch up.
const SETTLE_MS = 6000;
// The run without restarts: 30 s of the same load give 150,000 delays, enough for a p99.
const QUIET_MS = 30_000;

/** The load client, started with `plan`; `connected` resolves once every client is in. */
function loadClient(plan: LoadPlan) {
    const child = spawn([BUN, join(import.meta.dir, "sessions-client.ts"), JSON.stringify(plan)], {stdin: "pipe", stdout: "pipe", stderr: "pipe", detached: true});
    endWithThisProcess(child);
    const out = new LineLog();
    const err = new LineLog();
    void out.follow(child.stdout);
    void err.follow(child.stderr);
    const ask = async (line: string, answer: RegExp) => {
        child.stdin.write(`${line}\n`);
        await child.stdin.flush();
        return (await out.waitFor(answer, {timeoutMs: 30_000}).catch((error: Error) => {
            throw new Error(`bench: the sessions load client did not answer ${line.split(" ")[0]}: ${error.message}\nstderr:\n${err.tail()}`);
        })).replace(/^\w+ /, "");
    };
    return {
        connected: out.waitFor("connected", {timeoutMs: 60_000}).catch((error: Error) => {
            throw new Error(`bench: the sessions clients did not all connect to ${plan.url}: ${error.message}\nstderr:\n${err.tail()}`);
        }),
        count: async () => Number(await ask("count", /^count /)),
        stop: async (windows: [number, number][]) => JSON.parse(await ask(`stop ${JSON.stringify(windows)}`, /^result /)) as {sockets: SessionCounts; streams?: SessionCounts},
        end: async () => {
            killGroup(child.pid, "SIGKILL");
            await child.exited;
        },
    };
}

async function scratch(): Promise<string> {
    const root = join(REPO_ROOT, ".scratch");
    mkdirSync(root, {recursive: true});
    return mkdtempSync(join(root, "bench-sessions-"));
}

/** One run: start the server, connect the clients, restart `restarts` times (or wait `quietMs`), count. */
async function oneRun(name: string, start: (dir: string, port: number) => Promise<SessionServer>, plan: Omit<LoadPlan, "url">, restarts: number, quietMs = 0): Promise<SessionsRun> {
    const dir = await scratch();
    const port = await freePort();
    const server = await start(dir, port);
    const load = loadClient({...plan, url: `http://127.0.0.1:${port}`});
    try {
        await load.connected;
        await Bun.sleep(1000);
        const started = now();
        const windows: [number, number][] = [];
        for (let n = 0; n < restarts; n++) {
            const from = now();
            await server.restart();
            windows.push([from, now()]);
        }
        if (quietMs) await Bun.sleep(quietMs);
        await Bun.sleep(SETTLE_MS);
        const seconds = Math.round((now() - started) / 1000);
        const {sockets, streams} = await load.stop(windows);
        const run: SessionsRun = {name, restarts, seconds, sockets, streams};
        console.log(`  ${JSON.stringify(run)}`);
        return run;
    } finally {
        await load.end();
        await server.stop();
        rmSync(dir, {recursive: true, force: true});
    }
}

/** Messages received per CPU-second of the workers, `resume` on and off, both loaded at the same time. */
async function sessionRate(): Promise<SessionsResult["rate"]> {
    const dirs = [await scratch(), await scratch()];
    const started: {server: SessionServer; load: ReturnType<typeof loadClient>}[] = [];
    try {
        for (const [i, kind] of (["resume", "plain"] as const).entries()) {
            const port = await freePort();
            const server = await jopiServe(dirs[i]!, port);
            const paths = kind === "resume" ? {socketPath: "/ws", streamPath: "/events"} : {socketPath: "/plain-ws", streamPath: "/plain-events"};
            started.push({server, load: loadClient({kind, url: `http://127.0.0.1:${port}`, sockets: SOCKETS, streams: STREAMS, ...paths})});
        }
        await Promise.all(started.map(({load}) => load.connected));
        await Bun.sleep(RATE_WARMUP_SECONDS * 1000);
        const rates = {resume: [] as number[], plain: [] as number[]};
        for (let round = 0; round < RATE_ROUNDS; round++) {
            const before = await Promise.all(started.map(async ({server, load}) => ({cpu: server.cpuSnapshot(), messages: await load.count()})));
            await Bun.sleep(RATE_SECONDS * 1000);
            const after = await Promise.all(started.map(async ({server, load}) => ({cpu: server.cpuSnapshot(), messages: await load.count()})));
            const [resume, plain] = after.map((end, i) => Math.round((end.messages - before[i]!.messages) / cpuBetween(before[i]!.cpu, end.cpu)));
            rates.resume.push(resume!);
            rates.plain.push(plain!);
            console.log(`  round ${round + 1}  messages per CPU-second: sessions on ${resume}, off ${plain}`);
        }
        const ratios = rates.resume.map((rate, i) => Number((rate / rates.plain[i]!).toFixed(3)));
        const interval = bootstrapInterval(ratios);
        return {resumeRates: rates.resume, plainRates: rates.plain, ratios, ratioMedian: interval.median, interval};
    } finally {
        for (const {server, load} of started) {
            await load.end();
            await server.stop();
        }
        for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
    }
}

/** Socket.IO under `pm2 reload`, with each adapter, on a redis-server of its own (the Redis adapter's, and the message numbers of both). */
export async function socketIoRuns(): Promise<SessionsRun[]> {
    const plan = {kind: "socketio", sockets: SOCKETS, streams: 0, socketPath: "", streamPath: ""} as const;
    const redis = await RedisServer.start();
    const runs: SessionsRun[] = [];
    try {
        for (const [adapter, label] of [["memory", "in-memory adapter"], ["redis-streams", "Redis Streams adapter"]] as const) {
            await redis.command("FLUSHALL");
            const env = {ADAPTER: adapter, REDIS_URL: redis.url, ROOMS: String(SOCKETS)};
            runs.push(await oneRun(`Socket.IO 4 connectionStateRecovery, ${label}, pm2 reload`, (dir, port) => pm2SocketIo(dir, port, env), plan, RESTARTS));
        }
    } finally {
        await redis.stop();
    }
    return runs;
}

/** jopi-rewrite serve with its rolling restarts, then the same load without any. */
export async function jopiRuns(): Promise<SessionsRun[]> {
    const plan = {kind: "resume", sockets: SOCKETS, streams: STREAMS, socketPath: "/ws", streamPath: "/events"} as const;
    const restarted = await oneRun("jopi-rewrite serve --workers 2, rolling restarts", jopiServe, plan, RESTARTS);
    const quiet = await oneRun("jopi-rewrite serve --workers 2, no restart", jopiServe, plan, 0, QUIET_MS);
    return [restarted, quiet];
}

/** Every run of this benchmark; starts and ends its own servers, clients and redis-server. */
export async function sessionsBench(): Promise<SessionsResult> {
    return {runs: [...(await jopiRuns()), ...(await socketIoRuns())], rate: await sessionRate()};
}

const rateTarget = (rate: SessionsResult["rate"]) => ratioTarget("messages per CPU-second, sessions on >= 0.9x sessions off", rate.ratios, {atLeast: 0.9});

/** The targets of this benchmark, judged on jopi-rewrite's figures; the delays and Socket.IO's figures are shown, not judged. */
export function sessionsTargets({runs: [restarted, , ...socketIo], rate}: SessionsResult): TargetResult[] {
    const both = [restarted!.sockets, restarted!.streams!];
    const total = (key: keyof SessionCounts) => both.reduce((sum, counts) => sum + Number(counts[key]), 0);
    const socketIoLost = socketIo.map((run) => `${((100 * run.sockets.lost) / Math.max(1, run.sockets.lost + run.sockets.received)).toFixed(1)}% lost, ${run.sockets.reconnects - run.sockets.notRecovered} of ${run.sockets.reconnects} recovered`).join("; ");
    return [
        {
            target: `resumable sessions across ${restarted!.restarts} restarts: 0 lost, 0 duplicated, 0 out of order, 0 not recovered`,
            value: `${total("lost")} lost, ${total("duplicated")} duplicated, ${total("outOfOrder")} out of order, ${total("notRecovered")} of ${total("reconnects")} reconnections not recovered, ${total("stalled")} stalled (Socket.IO: ${socketIoLost})`,
            pass: total("lost") + total("duplicated") + total("outOfOrder") + total("notRecovered") + total("stalled") === 0 && total("reconnects") > 0,
        },
        rateTarget(rate),
    ];
}

/** Prints what `sessionsBench` measured, as run-all.ts does. */
export function printSessions({runs}: SessionsResult): void {
    console.table(runs.flatMap(({name, sockets, streams}) => [{name: `${name}, WebSockets`, ...sockets}, ...(streams ? [{name: `${name}, event streams`, ...streams}] : [])]));
}

if (import.meta.main && process.argv.includes("--rate")) {
    const rate = await sessionRate();
    printTargets([rateTarget(rate)]);
} else if (import.meta.main) {
    const result = await sessionsBench();
    printSessions(result);
    printTargets(sessionsTargets(result));
}
