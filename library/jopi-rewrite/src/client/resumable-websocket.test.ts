import {afterEach, describe, expect, test} from "bun:test";
import {endAll, freePort, SocketClient} from "hot-harness";
import {startWebsite} from "../../test/test-website.ts";
import {ResumableWebSocket} from "./index.ts";

afterEach(endAll);

// The client against real servers: a program of the library under bun --hot, in its own process.

/** What a client fired, in order, and a way to wait for the next of a kind. */
function watch(ws: ResumableWebSocket) {
    const events: {type: string; data?: unknown; code?: number; reason?: string; recovered?: boolean}[] = [];
    for (const type of ["open", "message", "error", "close"] as const) {
        ws.addEventListener(type, (event: Event) => {
            const {data} = event as MessageEvent;
            const {code, reason} = event as CloseEvent;
            events.push(type === "message" ? {type, data} : type === "close" ? {type, code, reason} : type === "open" ? {type, recovered: ws.recovered} : {type});
        });
    }
    const waitFor = async (type: string, count = 1, timeoutMs = 5000) => {
        const deadline = Date.now() + timeoutMs;
        while (events.filter((event) => event.type === type).length < count) {
            if (Date.now() > deadline) throw new Error(`no ${count} ${type} event(s) within ${timeoutMs} ms; got ${JSON.stringify(events)}`);
            await Bun.sleep(10);
        }
    };
    return {events, waitFor, messages: () => events.filter((event) => event.type === "message").map((event) => event.data)};
}

const plain = `import {JopiServer, WebSite} from "jopi-rewrite";
const server = new JopiServer();
const site = server.addWebsite(new WebSite("http://127.0.0.1"));
let opened = 0;
site.onGET("/opened", (req) => req.textResponse(String(opened)));
site.onWebSocket("/plain", {
    open(ws) { opened++; ws.send("welcome"); },
    message(ws, text) { ws.send("echo " + text); },
});
server.startServer();`;

describe("ResumableWebSocket where there is no session", () => {
    test("a route without resume: the client fails at once and clearly (error, then close 1002 naming the URL), and never retries", async () => {
        const {port, url} = await startWebsite(plain);
        const ws = new ResumableWebSocket(`ws://127.0.0.1:${port}/plain`, {backoff: {base: 10, cap: 10}});
        const seen = watch(ws);
        ws.send("queued");
        await seen.waitFor("close");
        const reason = `jopi-rewrite: ws://127.0.0.1:${port}/plain is not a resumable WebSocket route: the server's first message was not the session hello. Give the route \`resume\` in site.onWebSocket, or connect with a plain WebSocket.`;
        expect(seen.events).toEqual([{type: "error"}, {type: "close", code: 1002, reason}]);
        expect([ws.readyState, ws.sessionId]).toEqual([ResumableWebSocket.CLOSED, undefined]);
        await Bun.sleep(200);
        expect(await (await fetch(`${url}/opened`)).text()).toBe("1");
        expect(() => ws.send("late")).toThrow(`jopi-rewrite: send on the ResumableWebSocket to ws://127.0.0.1:${port}/plain after it closed`);
        // The route is unchanged for a plain WebSocket.
        const client = await SocketClient.connect(`ws://127.0.0.1:${port}/plain`);
        expect(await client.messages.waitFor("welcome")).toBe("welcome");
        expect(await client.ask("hi", "echo")).toBe("echo hi");
    });

    test("nothing listening: it tries maxAttempts times with growing waits, then fires error and close 1006 once", async () => {
        const port = await freePort();
        const started = performance.now();
        const ws = new ResumableWebSocket(`ws://127.0.0.1:${port}/chat`, {maxAttempts: 4, backoff: {base: 40, cap: 1000}});
        const seen = watch(ws);
        expect(ws.readyState).toBe(ResumableWebSocket.CONNECTING);
        await seen.waitFor("close");
        const elapsed = performance.now() - started;
        expect(seen.events).toEqual([
            {type: "error"},
            {type: "close", code: 1006, reason: `jopi-rewrite: gave up reconnecting to ws://127.0.0.1:${port}/chat after 4 connections in a row that failed or closed within 1 s (maxAttempts); the last closed with 1006.`},
        ]);
        // Three waits, each random below 80, 160 and 320 ms.
        expect(elapsed).toBeLessThan(560 + 1000);
        await Bun.sleep(300);
        expect(seen.events).toHaveLength(2);
    });

    test("close() while away ends it at once with the app's code; no connection is attempted after", async () => {
        const port = await freePort();
        const ws = new ResumableWebSocket(`ws://127.0.0.1:${port}/chat`, {backoff: {base: 5000, cap: 5000}});
        const seen = watch(ws);
        await Bun.sleep(100);
        ws.close(4000, "signed out");
        expect(ws.readyState).toBe(ResumableWebSocket.CLOSING);
        await seen.waitFor("close");
        expect(seen.events).toEqual([{type: "close", code: 4000, reason: "signed out"}]);
        expect(ws.readyState).toBe(ResumableWebSocket.CLOSED);
    });

    test("what cannot work is refused when it is given, with the URL and what to do", () => {
        expect(() => new ResumableWebSocket("/chat")).toThrow('jopi-rewrite: a ResumableWebSocket needs an absolute URL here (there is no page to resolve it against), not "/chat".');
        expect(() => new ResumableWebSocket("ftp://h/chat")).toThrow("connects to a ws:, wss:, http: or https: URL, not ftp://h/chat.");
        expect(() => new ResumableWebSocket("ws://h/", {maxQueuedMessages: 0})).toThrow("jopi-rewrite: maxQueuedMessages of the ResumableWebSocket to ws://h/ must be a whole number above 0, not 0.");
        expect(() => new ResumableWebSocket("ws://h/", {maxAttempts: 1.5})).toThrow("must be a whole number above 0 or Infinity, not 1.5.");
        expect(() => new ResumableWebSocket("ws://h/", {WebSocket: undefined, backoff: {cap: -1}})).toThrow("backoff.cap");
        const ws = new ResumableWebSocket("http://127.0.0.1:9/chat#x", {maxAttempts: 1});
        expect(ws.url).toBe("ws://127.0.0.1:9/chat");
        expect(() => ws.close(1001)).toThrow("jopi-rewrite: close(1001) on the ResumableWebSocket to ws://127.0.0.1:9/chat: an app closes with 1000 or a code of 3000 to 4999.");
        expect(() => ws.close(1000, "x".repeat(124))).toThrow("longer than 123 bytes");
        ws.close();
    });
});
