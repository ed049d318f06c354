// Long-lived connections while the app is rewritten: 200 WebSockets (each sending a numbered
// message every 50 ms, echoed back) and 50 event streams (a numbered event every 20 ms) stay
// connected while the app file is rewritten 100 times. For each way of running it: connections
// closed (and reopened by the client), messages and events lost (by their numbers), p99 echo
// latency. Then WebSocket messages per second of server CPU, jopi-rewrite against raw Bun.serve,
// in rounds where both are loaded at the same time: per CPU second of the server's process, because on a shared
// machine a round's wall-clock rate says more about the neighbours than about the server, and
// because a JavaScript client may well be slower than the server it loads.
import {readFileSync} from "node:fs";
import type {LongLivedResult, SocketRateResult, TargetResult} from "../src/components/charts/types.ts";
import {hot, launch, type Contender} from "./contenders.ts";
import {echoClient, streamClient, Tally} from "./long-lived-clients.ts";
import {bootstrapInterval, formatInterval, printTargets, ratioTarget} from "./interval.ts";

const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 200);
const STREAMS = Number(process.env.BENCH_STREAMS ?? 50);
const RELOADS = Number(process.env.BENCH_LONG_LIVED_RELOADS ?? 100);
const EDIT_EVERY_MS = 100;
const SEND_EVERY_MS = 50;
// Short rounds and many: the target is judged on the 95% interval of the rounds' ratios.
const RATE_ROUNDS = Number(process.env.BENCH_RATE_ROUNDS ?? 12);
const RATE_SECONDS = Number(process.env.BENCH_RATE_SECONDS ?? 2);

export const longLivedContenders: Contender[] = [
    {name: "jopi-rewrite, bun --hot", app: "ws-jopi-app.ts", command: hot},
    {name: "raw Bun.serve, bun --hot", app: "ws-raw-bun-app.ts", command: hot},
    {name: "Hono upgradeWebSocket, bun --hot", app: "ws-hono-app.ts", command: hot},
    {name: "ws package, node --watch", app: "ws-node-app.mjs", command: (file) => ["node", "--watch", file]},
];

const p99 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.99)] ?? NaN;

/** One contender under the edits; see the module's description. */
export async function longLivedUnderReloads(contender: Contender): Promise<LongLivedResult> {
    const app = await launch(contender);
    const base = app.url.replace(/\/$/, "");
    const tally = new Tally();
    const sockets = Array.from({length: SOCKETS}, () => echoClient(`${base.replace("http", "ws")}/ws`, tally));
    await Promise.all(sockets.map((socket) => socket.opened));
    const streams = Array.from({length: STREAMS}, () => streamClient(`${base}/events`, tally));
    await Bun.sleep(300);
    const sender = setInterval(() => { for (const socket of sockets) socket.send(); }, SEND_EVERY_MS);
    for (let i = 0; i < RELOADS; i++) {
        await Bun.sleep(EDIT_EVERY_MS);
        app.edit();
    }
    clearInterval(sender);
    await Bun.sleep(1000); // the last echoes
    tally.stopping = true;
    for (const client of [...sockets, ...streams]) client.close();
    await app.stop();
    return {
        name: contender.name,
        reloads: RELOADS,
        sockets: SOCKETS,
        streams: STREAMS,
        socketsClosed: tally.socketsClosed,
        messagesSent: tally.sent,
        messagesLost: tally.sent - tally.echoed,
        p99Ms: Number(p99(tally.latencies).toFixed(1)),
        streamsClosed: tally.streamsClosed,
        events: tally.events,
        eventsLost: tally.eventsLost,
    };
}

/** CPU time a process has run, in seconds (the kernel's scheduler statistics, in nanoseconds). */
function cpuSeconds(pid: number): number {
    return Number(readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ")[0]) / 1e9;
}

/** Echoes per CPU second of the server `pid` for `seconds`: 32 sockets, each keeping 16 messages in flight. */
async function echoRate(url: string, pid: number, seconds: number): Promise<number> {
    let echoed = 0;
    let running = true;
    const sockets = await Promise.all(Array.from({length: 32}, () => new Promise<WebSocket>((resolve, reject) => {
        const socket = new WebSocket(url);
        socket.onopen = () => resolve(socket);
        socket.onerror = () => reject(new Error(`bench: no WebSocket at ${url}`));
    })));
    for (const socket of sockets) {
        socket.onmessage = () => {
            echoed++;
            if (running) socket.send("ping");
        };
    }
    const cpuBefore = cpuSeconds(pid);
    for (const socket of sockets) for (let i = 0; i < 16; i++) socket.send("ping");
    await Bun.sleep(seconds * 1000);
    running = false;
    const rate = echoed / (cpuSeconds(pid) - cpuBefore);
    for (const socket of sockets) socket.close();
    return Math.round(rate);
}

/** WebSocket echoes per server CPU second, jopi-rewrite and raw Bun.serve loaded at the same time, round after round. */
export async function socketRate(): Promise<SocketRateResult> {
    const [jopi, raw] = await Promise.all(longLivedContenders.slice(0, 2).map(launch));
    const rounds = {jopi: [] as number[], raw: [] as number[]};
    try {
        const jopiRate = (seconds: number) => echoRate(`${jopi!.url.replace("http", "ws")}ws`, jopi!.pid, seconds);
        const rawRate = (seconds: number) => echoRate(`${raw!.url.replace("http", "ws")}ws`, raw!.pid, seconds);
        await jopiRate(1); // warm-up
        await rawRate(1);
        // Both at once: whatever else the machine does in a round, it does to both.
        for (let round = 0; round < RATE_ROUNDS; round++) {
            const [j, r] = await Promise.all([jopiRate(RATE_SECONDS), rawRate(RATE_SECONDS)]);
            rounds.jopi.push(j);
            rounds.raw.push(r);
        }
    } finally {
        await Promise.all([jopi!.stop(), raw!.stop()]);
    }
    const ratios = rounds.jopi.map((rate, i) => Number((rate / rounds.raw[i]!).toFixed(3)));
    const interval = bootstrapInterval(ratios);
    return {jopiRates: rounds.jopi, rawRates: rounds.raw, ratios, ratioMedian: interval.median, interval};
}

/** Both parts, for run-all.ts. */
export async function longLived(): Promise<{underReloads: LongLivedResult[]; rate: SocketRateResult}> {
    const underReloads: LongLivedResult[] = [];
    for (const contender of longLivedContenders) underReloads.push(await longLivedUnderReloads(contender));
    return {underReloads, rate: await socketRate()};
}

/** The targets of this benchmark, judged on jopi-rewrite's figures. */
export function longLivedTargets({underReloads: [live], rate}: {underReloads: LongLivedResult[]; rate: SocketRateResult}): TargetResult[] {
    return [
        {
            target: `0 closed, 0 lost over ${live!.reloads} reloads (${live!.sockets} WebSockets, ${live!.streams} event streams)`,
            value: `${live!.socketsClosed} sockets and ${live!.streamsClosed} streams closed, ${live!.messagesLost} messages and ${live!.eventsLost} events lost`,
            pass: live!.socketsClosed + live!.streamsClosed + live!.messagesLost + live!.eventsLost === 0,
        },
        ratioTarget("WebSocket messages per CPU second >= 0.95x raw Bun.serve", rate.ratios, {atLeast: 0.95}),
    ];
}

/** Prints what `longLived` measured, as run-all.ts does. */
export function printLongLived({underReloads, rate}: {underReloads: LongLivedResult[]; rate: SocketRateResult}): void {
    console.table(underReloads);
    console.log(`  WebSocket echoes per server CPU second: jopi-rewrite ${rate.jopiRates.join(", ")}; raw Bun.serve ${rate.rawRates.join(", ")}; ratio ${formatInterval(bootstrapInterval(rate.ratios))}, ${rate.ratios.length} rounds of ${RATE_SECONDS} s`);
}

if (import.meta.main) {
    const results = await longLived();
    printLongLived(results);
    printTargets(longLivedTargets(results));
}
