/**
 * The recipe's resumable sessions (deploy/nginx/app.ts: /live/updates and /live/feed) through a
 * real nginx with deploy/nginx/shop.conf, in front of `jopi-rewrite serve app.ts --workers 2`.
 * ResumableWebSocket clients and EventSource-like readers connect through nginx, as a page of
 * http://shop.example.com would; the app sends each session a numbered update every 50 ms, and
 * the clients send numbered messages. Across two rolling restarts every session comes back through
 * nginx to a new worker, recovered, and each side received every number once and in order.
 */
import {afterAll, beforeAll, expect, test} from "bun:test";
import {ReconnectingStream} from "hot-harness";
import {ResumableWebSocket, type WebSocketConstructor} from "jopi-rewrite/client";
import {recipeMissing, startRecipe, type RunningRecipe} from "./recipe.ts";

const SOCKETS = 6;
const STREAMS = 6;
const PAGE = "http://shop.example.com";
const missing = recipeMissing();
if (missing) console.log(`skipped: the nginx session tests (${missing})`);

let recipe: RunningRecipe | undefined;
// Closed at the end however the test ends, so that none of them tries to reconnect.
const clients: {close(): void}[] = [];

beforeAll(async () => {
    if (!missing) recipe = await startRecipe();
}, 60_000);

afterAll(async () => {
    for (const client of clients) client.close();
    await recipe?.stop();
});

/** Bun's WebSocket sent to nginx on loopback as a page of shop.example.com would: its Host and its Origin. */
class PageWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
        super(url, {protocols, headers: {host: "shop.example.com", origin: PAGE}} as unknown as string[]);
    }
}

/** The numbers of the "<prefix> <n>" messages, in the order they came. */
const numbers = (messages: string[], prefix: string) => messages.filter((m) => m.startsWith(`${prefix} `)).map((m) => Number(m.slice(prefix.length + 1)));
const oneToN = (list: number[]) => list.map((_, i) => i + 1);

async function until(what: string, ready: () => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!ready()) {
        if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
        await Bun.sleep(20);
    }
}

test.skipIf(missing !== undefined)("two rolling restarts behind nginx: every WebSocket and event-stream session recovered, nothing lost, repeated or out of order", async () => {
    const {app, nginx, http} = recipe!;
    const sockets = Array.from({length: SOCKETS}, () => {
        const ws = new ResumableWebSocket(`ws://127.0.0.1:${http}/live/updates`, {WebSocket: PageWebSocket as unknown as WebSocketConstructor});
        const seen = {ws, opens: [] as boolean[], protocols: new Set<string>(), sessions: new Set<string>(), messages: [] as string[], closes: 0};
        ws.onopen = () => {
            seen.opens.push(ws.recovered);
            seen.protocols.add(ws.protocol);
            seen.sessions.add(ws.sessionId!);
        };
        ws.onmessage = (event) => seen.messages.push(String(event.data));
        ws.onclose = () => seen.closes++;
        clients.push(ws);
        return seen;
    });
    const withHost = (url: string, init: {headers: Record<string, string>; signal: AbortSignal}) => fetch(url, {...init, headers: {...init.headers, host: "shop.example.com"}});
    const streams = await Promise.all(Array.from({length: STREAMS}, () => ReconnectingStream.connect(`http://127.0.0.1:${http}/live/feed`, withHost)));
    clients.push(...streams);
    const updates = () => [...sockets.map((s) => numbers(s.messages, "update").length), ...streams.map((s) => s.received.length)];
    let sent = 0;
    let talk: Timer | undefined;
    try {
        await until("every socket's first open and every session's first updates", () => sockets.every((s) => s.opens.length === 1) && updates().every((n) => n >= 3));
        // The clients talk on through the restarts: while a socket is away, its sends wait in its queue.
        talk = setInterval(() => {
            sent++;
            for (const {ws} of sockets) ws.send(`c${sent}`);
        }, 50);
        for (let restart = 1; restart <= 2; restart++) {
            process.kill(app.child.pid, "SIGHUP");
            await app.stdout.waitFor("jopi-rewrite: rolling restart done.", {timeoutMs: 15_000});
            // Both workers were replaced: each session reached a new one and goes on from there.
            const counts = updates();
            await until(`10 more updates to each session after restart ${restart}`, () => updates().every((n, i) => n >= counts[i]! + 10));
        }
    } finally {
        clearInterval(talk);
    }
    const answers = (messages: string[]) => messages.filter((m) => m.startsWith("got ")).map((m) => m.slice(4));
    await until("every client message answered", () => sockets.every((s) => answers(s.messages).length >= sent));

    console.log(`nginx session test: through nginx, 2 rolling restarts of 2 workers; ${SOCKETS} WebSocket sessions: ` +
        sockets.map((s) => `${numbers(s.messages, "update").length} updates over ${s.opens.length} connections`).join(", ") +
        `; ${STREAMS} event-stream sessions: ${streams.map((s) => `${s.received.length} events over ${s.reconnects + 1} connections`).join(", ")}; ` +
        `${sent} messages sent by each socket.`);
    const errors = nginx.errorLog().split("\n").filter((line) => line.includes("[error]"));
    if (errors.length > 0) console.log(`nginx's error log:\n${errors.join("\n")}`);

    for (const [i, s] of sockets.entries()) {
        const got = answers(s.messages);
        const ticks = numbers(s.messages, "update");
        expect({
            socket: i,
            protocols: [...s.protocols],
            sessions: s.sessions.size,
            recovered: s.opens.slice(1),
            closes: s.closes,
            updatesOnceInOrder: ticks.every((n, index) => n === index + 1),
            echoesOnceInOrder: got.every((text, index) => text === `c${index + 1}`) && got.length === sent,
        }).toEqual({socket: i, protocols: ["jopi-resume.1"], sessions: 1, recovered: s.opens.slice(1).map(() => true), closes: 0, updatesOnceInOrder: true, echoesOnceInOrder: true});
        // Each restart drains both workers: the session moved at least twice.
        expect(s.opens.length).toBeGreaterThanOrEqual(3);
    }
    for (const [i, stream] of streams.entries()) {
        const sessions = new Set(stream.received.map((event) => event.id.split(".")[0]));
        const ticks = numbers(stream.received.map((event) => event.data), "update");
        expect({stream: i, sessions: sessions.size, ids: stream.received.map((event) => Number(event.id.split(".")[1])), ticks})
            .toEqual({stream: i, sessions: 1, ids: oneToN(ticks), ticks: oneToN(ticks)});
        expect(stream.reconnects).toBeGreaterThanOrEqual(2);
    }
}, 30_000);
