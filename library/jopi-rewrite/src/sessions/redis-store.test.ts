// Two app processes under bun --hot (no supervisor) stand for two hosts, behind one real
// redis-server; a TCP forwarder in this process is their load balancer: each connection goes to
// host A while it accepts, else to host B. Sessions move from A to B through Redis only.
import {afterAll, afterEach, beforeAll, describe, expect, test} from "bun:test";
import type {Socket} from "bun";
import {endAll, freePort, killGroup, ReconnectingStream, RedisServer, startHot, type HotProcess} from "hot-harness";
import {ResumableWebSocket} from "../client/index.ts";
import {macOf} from "../cache/shared/entry-codec.ts";
import {restartCommand, serve} from "../../test/supervisor-support.ts";
import {newSessionId, RESUME_PROTOCOL, resumeProtocolOf} from "./wire.ts";

const SECRET = "a secret of the test, 32 characters";
const app = `import {initSharedCache, JopiServer, WebSite} from "jopi-rewrite";
const shared = initSharedCache({url: process.env.REDIS_URL, secret: process.env.SECRET, timeoutMs: 200});
const server = new JopiServer();
const site = server.addWebsite(new WebSite("http://127.0.0.1:3000"));
site.onWebSocket("/chat/:room", {
    resume: {keepFor: "30s", maxOutboxBytes: 100_000, maxOutboxMessages: 1000, store: shared},
    open(ws) {
        if (!ws.recovered) Object.assign(ws.data, {ticks: 0, got: 0});
        if (!ws.recovered) ws.subscribe(ws.data.params.room);
        ws.send("open " + process.env.NAME + " " + ws.recovered);
    },
    message(ws, text) {
        ws.send("echo " + text + " " + ++ws.data.got);
    },
});
setInterval(() => { for (const ws of site.webSockets()) if (ws.sessionId) ws.send("tick " + ++ws.data.ticks); }, 20);
setInterval(() => site.publish("lobby", "news " + process.env.NAME), 100);
site.onGET("/feed", (req) => req.eventStream({
    resume: {keepFor: "30s", store: shared},
    channel: "feed-news",
    open(stream) { console.log("feed open " + stream.recovered); },
}));
setInterval(() => { for (const stream of site.eventStreams()) stream.send(String(stream.data.n = (stream.data.n ?? 0) + 1)); }, 20);
setInterval(() => site.publishEvent("feed-news", {event: "news", data: process.env.NAME}), 100);
site.onGET("/stats", (req) => req.jsonResponse(shared.stats));
server.startServer();
`;

let redis: RedisServer;
beforeAll(async () => {
    redis = await RedisServer.start();
}, 180_000);
afterEach(endAll);
afterAll(() => redis?.stop());

interface Host {
    process: HotProcess;
    port: number;
}

async function host(name: string, secret = SECRET): Promise<Host> {
    const port = await freePort();
    const process = startHot({files: {"index.ts": app}, env: {PORT: String(port), REDIS_URL: redis.url, NAME: name, SECRET: secret}});
    await process.stdout.waitFor("Website started");
    return {process, port};
}

/** The load balancer: each connection to A while A accepts, else to B; bytes copied both ways. */
function forwarder(a: Host, b: Host) {
    type Pipe = {peer?: Socket<Pipe>; waiting: Uint8Array[]};
    // The test's traffic is a few small frames: each write takes all of it at once.
    const copy = (to: Socket<Pipe> | undefined, data: Uint8Array) => void to?.write(data);
    const connect = async (client: Socket<Pipe>) => {
        for (const {port} of [a, b]) {
            try {
                const upstream = await Bun.connect<Pipe>({hostname: "127.0.0.1", port, socket: {
                    data: (_, data) => copy(client, data),
                    close: () => void client.end(),
                    error: () => void client.end(),
                }});
                upstream.data = {peer: client, waiting: []};
                client.data.peer = upstream;
                for (const chunk of client.data.waiting) upstream.write(chunk);
                return;
            } catch {
                // Refused: this host no longer accepts; the next one.
            }
        }
        client.end();
    };
    return Bun.listen<Pipe>({hostname: "127.0.0.1", port: 0, socket: {
        open: (client) => {
            client.data = {waiting: []};
            void connect(client);
        },
        data: (client, data) => void (client.data.peer ? copy(client.data.peer, data) : client.data.waiting.push(Uint8Array.from(data))),
        close: (client) => void client.data.peer?.end(),
    }});
}

async function until(what: string, check: () => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
        await Bun.sleep(10);
    }
}

/** SIGTERM to a host, as an orchestrator sends it; resolves with its exit code. */
async function terminate(h: Host): Promise<number> {
    killGroup(h.process.child.pid, "SIGTERM");
    const code = await h.process.exited;
    await h.process.stop();
    return code;
}

function client(url: string) {
    const ws = new ResumableWebSocket(url);
    const messages: string[] = [];
    const opens: boolean[] = [];
    ws.onmessage = (event) => messages.push(String(event.data));
    ws.onopen = () => opens.push(ws.recovered);
    return {ws, messages, opens};
}

/** The first message (a hello) a raw session client gets when it offers session `id`. */
async function helloFor(port: number, id: string): Promise<{session: string; recovered: boolean; ack: number; window?: number}> {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/chat/lobby`, [RESUME_PROTOCOL, resumeProtocolOf(id, 0)]);
    const hello = await new Promise<string>((resolve, reject) => {
        socket.onmessage = (event) => resolve(String(event.data));
        socket.onerror = () => reject(new Error("the socket failed"));
    });
    socket.close(1000);
    return JSON.parse(hello.slice(1));
}

const stats = async (h: Host) => (await (await fetch(`http://127.0.0.1:${h.port}/stats`)).json()) as {unreadable: number};

describe("resumable sessions across hosts, through Redis", () => {
    test("SIGTERM on host A: the clients come back through the load balancer to host B, recovered, with their data, topics and every message once", async () => {
        await redis.command("FLUSHALL");
        const [a, b] = await Promise.all([host("a"), host("b")]);
        const balancer = forwarder(a, b);
        const one = client(`ws://127.0.0.1:${balancer.port}/chat/lobby`);
        const feed = await ReconnectingStream.connect(`http://127.0.0.1:${balancer.port}/feed`);
        try {
            await until("the client is open on A", () => one.opens.length === 1);
            await until("the feed hears A", () => feed.received.some((event) => event.event === "news" && event.data === "a"));
            for (let i = 1; i <= 20; i++) one.ws.send(`c${i}`);
            await until("A has sent some ticks and a news", () => one.messages.filter((m) => m.startsWith("tick ")).length >= 10 && one.messages.includes("news a"));
            expect(await terminate(a)).toBe(0);
            // Sent while the client is away: delivered once, by B.
            for (let i = 21; i <= 40; i++) one.ws.send(`c${i}`);
            await until("the client is back, on B", () => one.opens.length === 2 && one.messages.includes("open b true"), 10_000);
            await until("B's ticks, news and echoes arrive", () => one.messages.includes("news b") && one.messages.includes("echo c40 40") && one.messages.filter((m) => m.startsWith("tick ")).length >= 40);
            const ticks = one.messages.filter((m) => m.startsWith("tick ")).map((m) => Number(m.slice(5)));
            const echoes = one.messages.filter((m) => m.startsWith("echo "));
            expect(one.opens).toEqual([false, true]);
            expect(one.messages.filter((m) => m.startsWith("open "))).toEqual(["open a false", "open b true"]);
            expect(ticks).toEqual(ticks.map((_, i) => i + 1));
            expect(echoes).toEqual(Array.from({length: 40}, (_, i) => `echo c${i + 1} ${i + 1}`));
            // The event stream: its numbers run on from A to B, and its channel moved with it.
            await until("the feed hears B", () => feed.received.some((event) => event.event === "news" && event.data === "b"));
            const numbers = feed.received.filter((event) => event.event === "message").map((event) => Number(event.data));
            expect(numbers.length).toBeGreaterThan(10);
            expect(numbers).toEqual(numbers.map((_, i) => i + 1));
            expect(feed.reconnects).toBe(1);
            expect(b.process.stdout.lines.filter((line) => line.startsWith("feed open "))).toEqual(["feed open true"]);
            // Taken out of Redis by B: nothing left for anyone else.
            expect(await redis.command("KEYS", ["jopi|session|*"])).toEqual([]);
        } finally {
            one.ws.close();
            feed.close();
            balancer.stop(true);
        }
    }, 30_000);

    test("under jopi-rewrite serve, a rolling restart moves a session with a store through Redis, not the supervisor", async () => {
        await redis.command("FLUSHALL");
        await redis.command("CONFIG", ["RESETSTAT"]);
        const {app: supervisor, url} = await serve(["--workers", "1"], {"app.ts": app.replace("process.env.REDIS_URL", JSON.stringify(redis.url)).replace("process.env.SECRET", JSON.stringify(SECRET))});
        const one = client(`${url.replace("http", "ws")}/chat/lobby`);
        try {
            await until("the client is open", () => one.opens.length === 1 && one.messages.filter((m) => m.startsWith("tick ")).length >= 5);
            expect((await restartCommand(supervisor)).code).toBe(0);
            await until("the client is back, recovered", () => one.opens.length === 2, 10_000);
            const count = one.messages.filter((m) => m.startsWith("tick ")).length;
            await until("ticks go on", () => one.messages.filter((m) => m.startsWith("tick ")).length >= count + 5);
            const ticks = one.messages.filter((m) => m.startsWith("tick ")).map((m) => Number(m.slice(5)));
            expect(one.opens).toEqual([false, true]);
            expect(ticks).toEqual(ticks.map((_, i) => i + 1));
            // Written by the draining worker, taken out by the fresh one.
            const stats = String(await redis.command("INFO", ["commandstats"]));
            const calls = (name: string) => Number(new RegExp(`cmdstat_${name}:calls=(\\d+)`).exec(stats)?.[1] ?? 0);
            expect([calls("set"), calls("getdel")]).toEqual([1, 1]);
        } finally {
            one.ws.close();
        }
    }, 30_000);

    test("a record in Redis that is forged, unsigned or too large gives a new session, is counted, and logged once", async () => {
        await redis.command("FLUSHALL");
        const b = await host("b");
        const [forged, unsigned, large] = [newSessionId(), newSessionId(), newSessionId()];
        const record = (id: string) => JSON.stringify({kind: "websocket", id, hostname: "127.0.0.1", port: b.port, pattern: "/chat/:room", path: "/chat/lobby", params: {room: "lobby"}, data: {ticks: 1000, got: 1000}, topics: ["lobby"], outbox: [], nextSeq: 1001, received: 1000, expiresAt: Date.now() + 60_000});
        const sign = (secret: string, key: string, json: string) => `s1.${Buffer.from(macOf(secret, [key, new Uint8Array(1), json])).toString("base64url")}.${json}`;
        const key = (id: string) => `jopi|session|${id}`;
        await redis.command("SET", [key(forged), sign("another secret, which is not ours", key(forged), record(forged))]);
        await redis.command("SET", [key(unsigned), `s1.AAAA.${record(unsigned)}`]);
        await redis.command("SET", [key(large), sign(SECRET, key(large), record(large)) + " ".repeat(2_000_000)]);
        for (const id of [forged, unsigned, large]) {
            const hello = await helloFor(b.port, id);
            expect(hello.recovered).toBe(false);
            expect(hello.session).not.toBe(id);
        }
        expect((await stats(b)).unreadable).toBe(3);
        await b.process.stderr.waitFor(/jopi-rewrite: refused the resumable session jopi\|session\|\S+ read from Redis at redis:\/\/127\.0\.0\.1:\d+: it is not signed with the shared cache's secret\./);
        expect(b.process.stderr.lines.filter((line) => line.includes("refused the resumable session")).length).toBe(1);
        // A record signed with the secret is recovered: the refusals above are about the records.
        const genuine = newSessionId();
        await redis.command("SET", [key(genuine), sign(SECRET, key(genuine), record(genuine))]);
        expect(await helloFor(b.port, genuine)).toEqual({session: genuine, recovered: true, ack: 1000, window: 1000});
    }, 30_000);

    test("Redis stopped: A cannot write, the client gets a new session on B, and both keep serving", async () => {
        await redis.command("FLUSHALL");
        const [a, b] = await Promise.all([host("a"), host("b")]);
        const balancer = forwarder(a, b);
        const one = client(`ws://127.0.0.1:${balancer.port}/chat/lobby`);
        try {
            await until("the client is open on A", () => one.opens.length === 1);
            await redis.stop();
            await a.process.stderr.waitFor("cannot use Redis");
            expect(await terminate(a)).toBe(0);
            await until("the client is back, on B", () => one.opens.length === 2, 10_000);
            expect(one.opens).toEqual([false, false]);
            expect(one.messages.filter((m) => m.startsWith("open "))).toEqual(["open a false", "open b false"]);
            one.ws.send("after");
            await until("B answers", () => one.messages.includes("echo after 1"));
            expect((await fetch(`http://127.0.0.1:${b.port}/stats`)).status).toBe(200);
        } finally {
            one.ws.close();
            balancer.stop(true);
            await redis.resume();
        }
    }, 30_000);
});
