import {afterEach, describe, expect, test} from "bun:test";
import {saveWebsite as save, startWebsite} from "../../test/test-website.ts";
import {endAll, SocketClient} from "hot-harness";

afterEach(endAll);

async function start(source: string) {
    const started = await startWebsite(source);
    return {...started, ws: `ws://127.0.0.1:${started.port}`, http: started.url};
}

// Every test runs a real program under bun --hot, connects real WebSockets from this process and
// edits the program's file: the sockets must live through the reload.

const chat = (version: string, extra = "") => `import {JopiServer, WebSite} from "jopi-rewrite";
const server = new JopiServer();
const site = server.addWebsite(new WebSite("http://127.0.0.1"));
server.startServer();
site.onGET("/page", req => req.textResponse("page ${version}"));
site.onWebSocket("/echo/:room", {
    open(ws) { ws.data.count = 0; ws.send("${version} open " + ws.data.params.room); },
    message(ws, text) {
        ws.data.count = (ws.data.count as number) + 1;
        if (text === "throw") throw new Error("handler bug");
        ws.send("${version} got " + text + " (#" + ws.data.count + ")");
    },
    maxMessageBytes: 64,
});
${extra}`;

describe("WebSockets across reloads", () => {
    test("a socket stays open through reloads; each message runs the current version with the same ws.data", async () => {
        const {app, ws} = await start(chat("v1"));
        const client = await SocketClient.connect(`${ws}/echo/lobby`);
        expect(await client.messages.waitFor("open")).toBe("v1 open lobby");
        expect(await client.ask("a", "got")).toBe("v1 got a (#1)");
        await save(app, chat("v2"));
        expect(await client.ask("b", "got")).toBe("v2 got b (#2)");
        await save(app, chat("v3"));
        expect(await client.ask("c", "got")).toBe("v3 got c (#3)");
        expect(client.open).toBe(true);
    });

    test("a route the new version no longer declares closes its sockets with 4404 and a reason that says so", async () => {
        const {app, ws} = await start(chat("v1"));
        const client = await SocketClient.connect(`${ws}/echo/lobby`);
        await client.messages.waitFor("open");
        await save(app, chat("v2").replace(`site.onWebSocket("/echo/:room"`, `site.onWebSocket("/renamed/:room"`));
        // Closed without any message from the client: the new version's routes are swept.
        expect(await client.ended).toEqual({code: 4404, reason: "jopi-rewrite: the new version of the code has no WebSocket route /echo/:room"});
        const renamed = await SocketClient.connect(`${ws}/renamed/x`);
        expect(await renamed.messages.waitFor("open")).toBe("v2 open x");
    });

    test("a handler that throws closes that socket with 1011 and logs method, host and path; other sockets go on", async () => {
        const {app, ws, port} = await start(chat("v1"));
        const [bad, good] = await Promise.all([SocketClient.connect(`${ws}/echo/a`), SocketClient.connect(`${ws}/echo/b`)]);
        bad.send("throw");
        expect((await bad.ended).code).toBe(1011);
        await app.stderr.waitFor(`jopi-rewrite: the WebSocket message handler of GET 127.0.0.1:${port}/echo/a failed; closed that socket with 1011.`);
        await app.stderr.waitFor("handler bug");
        expect(await good.ask("still", "got")).toBe("v1 got still (#1)");
    });

    test("a message bigger than maxMessageBytes closes the socket with 1009", async () => {
        const {ws} = await start(chat("v1"));
        const client = await SocketClient.connect(`${ws}/echo/a`);
        client.send("x".repeat(65));
        expect(await client.ended).toEqual({code: 1009, reason: "message bigger than 64 bytes"});
    });

    test("an upgrade without a WebSocket route: 404; a plain GET on a WebSocket route: 426", async () => {
        const {http, ws} = await start(chat("v1"));
        const upgrade = {connection: "Upgrade", upgrade: "websocket", "sec-websocket-version": "13", "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ=="};
        expect((await fetch(`${http}/nowhere`, {headers: upgrade})).status).toBe(404);
        // Paths without a WebSocket route never read the Upgrade header (a cost to every request):
        // an HTTP route answers as usual, and a WebSocket client sees no 101.
        expect(await (await fetch(`${http}/page`, {headers: upgrade})).text()).toBe("page v1");
        expect((await fetch(`${http}/echo/a`)).status).toBe(426);
        expect(await (await fetch(`${http}/page`)).text()).toBe("page v1");
        await expect(SocketClient.connect(`${ws}/nowhere`)).rejects.toThrow("could not open a WebSocket");
    });

    test("an upgrade hook refuses with its Response, or adds to ws.data", async () => {
        const guarded = `import {JopiServer, WebSite} from "jopi-rewrite";
const server = new JopiServer();
server.addWebsite(new WebSite("http://127.0.0.1")).onWebSocket("/private", {
    upgrade: req => req.searchParams.get("token") === "ok" ? {user: "ann"} : new Response("token needed", {status: 401}),
    open(ws) { ws.send("welcome " + ws.data.user); },
});
server.startServer();`;
        const {ws, http} = await start(guarded);
        const upgrade = {connection: "Upgrade", upgrade: "websocket", "sec-websocket-version": "13", "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ=="};
        const refused = await fetch(`${http}/private`, {headers: upgrade});
        expect([refused.status, await refused.text()]).toEqual([401, "token needed"]);
        const client = await SocketClient.connect(`${ws}/private?token=ok`);
        expect(await client.messages.waitFor("welcome")).toBe("welcome ann");
    });

    test("topics belong to their website: two websites on one port, same topic name, no crosstalk", async () => {
        const twoSites = `import {JopiServer, WebSite} from "jopi-rewrite";
const server = new JopiServer();
for (const host of ["127.0.0.1", "localhost"]) {
    server.addWebsite(new WebSite("http://" + host)).onWebSocket("/room", {
        open(ws) { ws.subscribe("news"); ws.send("joined " + host); },
        message(ws, text) { ws.publish("news", host + ": " + text); },
    });
}
server.startServer();`;
        const {port} = await start(twoSites);
        const connect = (host: string) => SocketClient.connect(`ws://127.0.0.1:${port}/room`, {host: `${host}:${port}`});
        const [a1, a2, b1] = await Promise.all([connect("127.0.0.1"), connect("127.0.0.1"), connect("localhost")]);
        for (const client of [a1, a2, b1]) await client.messages.waitFor("joined");
        a1.send("hello");
        expect(await a2.messages.waitFor("hello")).toBe("127.0.0.1: hello");
        b1.send("other");
        await Bun.sleep(200);
        expect(a2.messages.lines).toEqual(["joined 127.0.0.1", "127.0.0.1: hello"]);
        expect(b1.messages.lines).toEqual(["joined localhost"]);
    });
});

describe("shutdown with sockets open", () => {
    test.each(["SIGTERM", "SIGINT"] as const)("%s closes every socket with 1001 and exits 0", async (signal) => {
        const {app, ws} = await start(chat("v1"));
        const clients = await Promise.all([1, 2, 3].map((n) => SocketClient.connect(`${ws}/echo/${n}`)));
        process.kill(app.child.pid, signal);
        for (const client of clients) expect((await client.ended).code).toBe(1001);
        expect(await app.exited).toBe(0);
    });
});
