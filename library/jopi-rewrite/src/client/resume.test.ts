import {afterEach, describe, expect, test} from "bun:test";
import {endAll} from "hot-harness";
import {startWebsite} from "../../test/test-website.ts";
import {ResumableWebSocket} from "./index.ts";

afterEach(endAll);

// The client against the library's own resumable route, in a real program under bun --hot: the
// server cuts connections the way a restart (1012) or a lost network (terminate: 1006) does, and
// its routes say what it delivered.
const program = `import {JopiServer, WebSite} from "jopi-rewrite";
const server = new JopiServer();
const site = server.addWebsite(new WebSite("http://127.0.0.1"));
const received = [];
let next = 1;
site.onWebSocket("/chat", {
    resume: {keepFor: "10s", maxOutboxMessages: 40},
    open(ws) { ws.send("open " + ws.recovered); },
    message(ws, text) { received.push(text); },
    close(ws, code) { console.log("session closed " + code); },
});
site.onWebSocket("/echo", {resume: true, message(ws, data) { ws.send(data); }});
site.onWebSocket("/busy", {resume: true, open(ws) { setTimeout(() => ws.raw.close(1013, "busy"), 20); }});
let moves = 0;
site.onWebSocket("/moved", {resume: true, open(ws) { if (++moves <= 4) setTimeout(() => ws.raw.close(1012, "Service Restart"), 20); }});
site.onGET("/send", (req) => {
    const count = Number(req.searchParams.get("n"));
    for (let i = 0; i < count; i++, next++) for (const ws of site.webSockets()) ws.send("s" + next);
    return req.textResponse(String(next - 1));
});
site.onGET("/cut", (req) => {
    for (const ws of site.webSockets()) req.searchParams.get("how") === "terminate" ? ws.raw.terminate() : ws.raw.close(1012, "restart");
    return req.textResponse("cut");
});
site.onGET("/received", (req) => req.jsonResponse(received));
server.startServer();
`;

function client(url: string, options = {}) {
    const ws = new ResumableWebSocket(url, options);
    const messages: string[] = [];
    const opens: {recovered: boolean; at: number}[] = [];
    const closes: {code: number; reason: string}[] = [];
    ws.onopen = () => opens.push({recovered: ws.recovered, at: performance.now()});
    ws.onmessage = (event) => messages.push(event.data as string);
    ws.onclose = (event) => closes.push({code: event.code, reason: event.reason});
    return {ws, messages, opens, closes};
}

async function until(what: string, ready: () => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!ready()) {
        if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
        await Bun.sleep(5);
    }
}

const numbered = (messages: string[]) => messages.filter((message) => message.startsWith("s"));
const range = (from: number, to: number, prefix: string) => Array.from({length: to - from + 1}, (_, i) => `${prefix}${from + i}`);

describe("ResumableWebSocket on a resumable route", () => {
    test("cut by a restart (1012) and by a lost network (1006): it comes back recovered; nothing lost, nothing twice, sends made while away delivered once", async () => {
        const {port, url} = await startWebsite(program);
        const get = async (path: string) => (await fetch(`${url}${path}`)).text();
        const {ws, messages, opens} = client(`ws://127.0.0.1:${port}/chat`);
        await until("the first open", () => opens.length === 1);
        const sessionId = ws.sessionId;
        let sentByServer = 0;
        let sentByClient = 0;
        for (const how of ["close", "terminate"]) {
            sentByServer = Number(await get("/send?n=5"));
            for (let i = 0; i < 3; i++) ws.send(`c${++sentByClient}`);
            await until("the server's messages", () => numbered(messages).length === sentByServer);
            await get(`/cut?how=${how}`);
            await until("the client sees the cut", () => ws.readyState === ResumableWebSocket.CONNECTING, 2000);
            // Away: its sends are queued, the server's are kept for it.
            for (let i = 0; i < 3; i++) ws.send(`c${++sentByClient}`);
            sentByServer = Number(await get("/send?n=5"));
            await until(`the resume after ${how}`, () => opens.length === (how === "close" ? 2 : 3) && numbered(messages).length === sentByServer);
        }
        expect(opens.map((open) => open.recovered)).toEqual([false, true, true]);
        expect(ws.sessionId).toBe(sessionId!);
        expect(numbered(messages)).toEqual(range(1, 20, "s"));
        // The server acknowledged every message (the send queue is empty): it delivered each once, in order.
        await until("the server's acks", () => ws.bufferedAmount === 0, 1000);
        expect(JSON.parse(await get("/received"))).toEqual(range(1, 12, "c"));
        ws.close();
    });

    test("a rollout cuts 40 clients at once: they come back spread over the 0..250 ms window, not in one instant", async () => {
        const {port, url} = await startWebsite(program);
        const clients = Array.from({length: 40}, () => client(`ws://127.0.0.1:${port}/chat`));
        await until("every first open", () => clients.every((one) => one.opens.length === 1));
        const cut = performance.now();
        await fetch(`${url}/cut?how=close`);
        await until("every resume", () => clients.every((one) => one.opens.length === 2), 5000);
        const back = clients.map((one) => one.opens[1]!.at - cut).sort((a, b) => a - b);
        expect(clients.every((one) => one.opens[1]!.recovered)).toBe(true);
        // Equal waits would bring them back within a few ms of each other.
        expect(back.at(-1)! - back[0]!).toBeGreaterThan(120);
        expect(back.at(-1)!).toBeLessThan(250 + 1000);
        for (const one of clients) one.ws.close();
    });

    test("acks keep the server's outbox small: 400 messages through an outbox of 40, one session, never a new one", async () => {
        const {port, url} = await startWebsite(program);
        const {ws, messages, opens} = client(`ws://127.0.0.1:${port}/chat`);
        await until("the first open", () => opens.length === 1);
        // Without the client's acks, the outbox passes its 40 at the third batch: the server ends the session (1013) and the next open is a new one.
        for (let batch = 0; batch < 20; batch++) {
            await fetch(`${url}/send?n=20`);
            await Bun.sleep(150);
        }
        await until("every message", () => numbered(messages).length === 400);
        expect(numbered(messages)).toEqual(range(1, 400, "s"));
        expect(opens.map((open) => open.recovered)).toEqual([false]);
        ws.close();
    });

    test("a session the server could not keep (its outbox passed 40: 1013) comes back as a new one, recovered false, and gets what was sent meanwhile", async () => {
        const {app, port, url} = await startWebsite(program);
        const {ws, opens} = client(`ws://127.0.0.1:${port}/chat`);
        await until("the first open", () => opens.length === 1);
        const first = ws.sessionId;
        ws.send("c1");
        await until("the ack of c1", () => ws.bufferedAmount === 0, 1000);
        await fetch(`${url}/send?n=50`);
        await app.stdout.waitFor("session closed 1013");
        await until("the client sees the cut", () => ws.readyState === ResumableWebSocket.CONNECTING, 2000);
        ws.send("c2");
        ws.send("c3");
        await until("the new session", () => opens.length === 2);
        expect(opens.map((open) => open.recovered)).toEqual([false, false]);
        expect(ws.sessionId).not.toBe(first!);
        await until("the acks of the new session", () => ws.bufferedAmount === 0, 1000);
        expect(JSON.parse(await (await fetch(`${url}/received`)).text())).toEqual(["c1", "c2", "c3"]);
        ws.close();
    });

    test("bytes travel as bytes both ways: an ArrayBuffer with binaryType arraybuffer, a Blob by default, text stays text", async () => {
        const {port} = await startWebsite(program);
        const {ws, messages, opens} = client(`ws://127.0.0.1:${port}/echo`);
        const received: unknown[] = messages as unknown[];
        await until("the first open", () => opens.length === 1);
        ws.binaryType = "arraybuffer";
        ws.send(new Uint8Array([1, 2, 3]));
        await until("the first echo", () => received.length === 1);
        ws.binaryType = "blob";
        ws.send(new Uint16Array([0x0201]).buffer);
        ws.send("text");
        await until("the other echoes", () => received.length === 3);
        expect(received[0]).toBeInstanceOf(ArrayBuffer);
        expect([...new Uint8Array(received[0] as ArrayBuffer)]).toEqual([1, 2, 3]);
        expect(received[1]).toBeInstanceOf(Blob);
        expect([...new Uint8Array(await (received[1] as Blob).arrayBuffer())]).toEqual([1, 2]);
        expect(received[2]).toBe("text");
        ws.close();
    });

    test("the WebSocket option is the class it connects with; it offers the session protocol, then the resume offer with what it saw, then the app's protocols", async () => {
        const {port, url} = await startWebsite(program);
        const offered: string[][] = [];
        class CountingWebSocket extends WebSocket {
            constructor(address: string, protocols?: string | string[]) {
                super(address, protocols);
                offered.push([protocols ?? []].flat());
            }
        }
        const {ws, messages, opens} = client(`ws://127.0.0.1:${port}/chat`, {WebSocket: CountingWebSocket, protocols: "chat.v2"});
        await until("the first open", () => opens.length === 1);
        await fetch(`${url}/send?n=2`);
        await until("the messages", () => numbered(messages).length === 2);
        await fetch(`${url}/cut?how=close`);
        await until("the resume", () => opens.length === 2);
        // Seen: "open false", s1 and s2.
        expect(offered).toEqual([["jopi-resume.1", "chat.v2"], ["jopi-resume.1", `jopi-session.${ws.sessionId}.3`, "chat.v2"]]);
        expect(ws.protocol).toBe("jopi-resume.1");
        ws.close();
    });

    test("a server that accepts and closes at once (1013) is backed off from like a failure, and given up on after maxAttempts", async () => {
        const {port} = await startWebsite(program);
        const {opens, closes} = client(`ws://127.0.0.1:${port}/busy`, {maxAttempts: 3, backoff: {base: 50, cap: 1000}});
        await until("the give-up", () => closes.length === 1);
        expect(opens.length).toBe(3);
        expect(closes).toEqual([{code: 1013, reason: `jopi-rewrite: gave up reconnecting to ws://127.0.0.1:${port}/busy after 3 connections in a row that failed or closed within 1 s (maxAttempts); the last closed with 1013 (busy).`}]);
    });

    test("moved by restarts (1012) right after each hello, as a rolling restart may move a client twice in a second: it comes straight back each time, never backing off towards the cap nor giving up", async () => {
        const {port} = await startWebsite(program);
        const {ws, opens, closes} = client(`ws://127.0.0.1:${port}/moved`, {maxAttempts: 3, backoff: {base: 100, cap: 10_000}});
        await until("the fifth connection, which stays", () => opens.length === 5 || closes.length > 0);
        expect(closes).toEqual([]);
        expect(opens.map((open) => open.recovered)).toEqual([false, true, true, true, true]);
        // Each came back within the first back-off (up to 100 ms), not one doubled at each move (up to 1.6 s).
        const waits = opens.slice(1).map((open, i) => open.at - opens[i]!.at);
        expect(Math.max(...waits)).toBeLessThan(20 + 100 + 250);
        ws.close();
    });

    test("close() ends the session on the server (its close runs with 1000) and fires close once, never reconnecting", async () => {
        const {app, port} = await startWebsite(program);
        const {ws, opens, closes} = client(`ws://127.0.0.1:${port}/chat`);
        await until("the first open", () => opens.length === 1);
        ws.close();
        await app.stdout.waitFor("session closed 1000");
        await until("the close", () => closes.length === 1);
        await Bun.sleep(300);
        expect([closes, opens.length, ws.readyState]).toEqual([[{code: 1000, reason: ""}], 1, ResumableWebSocket.CLOSED]);
    });
});
