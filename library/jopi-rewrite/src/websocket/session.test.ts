import {afterEach, describe, expect, test} from "bun:test";
import {endAll, SocketClient} from "hot-harness";
import {saveWebsite, startWebsite} from "../../test/test-website.ts";
import {SessionClient} from "../../test/session-client.ts";
import {encodeMessage, RESUME_PROTOCOL, resumeProtocolOf} from "../sessions/wire.ts";

afterEach(endAll);

// A real program under bun --hot and real sockets from this process: each session is dropped and
// resumed the way a client that lost its network would.
const appSource = (resume: string) => `import {JopiServer, WebSite} from "jopi-rewrite";
const server = new JopiServer();
const site = server.addWebsite(new WebSite("http://127.0.0.1"));
const handlers = {
    resume: ${resume},
    upgrade(req) { return {agent: req.searchParams.get("agent") ?? "none"}; },
    open(ws) {
        if (!ws.recovered) { ws.data.count = 0; ws.subscribe(ws.data.params.room); }
        ws.send("open " + ws.recovered + " " + ws.data.count + " " + ws.data.agent);
    },
    message(ws, text) {
        ws.data.count++;
        if (text === "stop") return ws.close(1000, "bye");
        if (text === "bin") return ws.send(new Uint8Array([1, 2, 255]));
        ws.send("got " + text + " #" + ws.data.count);
    },
    close(ws, code) { console.log("closed " + (ws.sessionId ?? "plain") + " " + code + " after " + ws.data.count); },
};
site.onWebSocket("/s/:room", handlers);
site.onWebSocket("/other/:room", handlers);
server.addWebsite(new WebSite("http://localhost")).onWebSocket("/s/:room", handlers);
site.onGET("/push", req => {
    let n = 0;
    for (const ws of site.webSockets()) n += ws.send("push " + req.searchParams.get("m")) === 0 ? 0 : 1;
    return req.textResponse(String(n));
});
site.onGET("/publish", req => req.textResponse(String(site.publish(req.searchParams.get("room"), "news " + req.searchParams.get("m")))));
server.startServer();
`;

async function start(resume = `{keepFor: "10s"}`) {
    const started = await startWebsite(appSource(resume));
    return {...started, ws: `ws://127.0.0.1:${started.port}`};
}

describe("resumable WebSocket sessions", () => {
    test("a dropped client resumes its session: data and topics kept, missed messages replayed once and in order, close not run until it ends", async () => {
        const {app, ws, url} = await start();
        const client = new SessionClient(`${ws}/s/lobby?agent=a`);
        const hello = await client.connect();
        expect([client.protocol, hello.recovered, hello.ack]).toEqual([RESUME_PROTOCOL, false, 0]);
        client.send("one");
        await client.waitFor(() => client.messages.length === 2);
        client.drop();
        await Bun.sleep(100);
        // Sent while the client is away: queued, and counted among the website's sockets.
        expect(await (await fetch(`${url}/push?m=1`)).text()).toBe("1");
        expect(await (await fetch(`${url}/publish?room=lobby&m=2`)).text()).toBe("1");
        const again = await client.connect();
        expect([again.recovered, again.session, again.ack]).toEqual([true, hello.session, 1]);
        client.send("two");
        await client.waitFor(() => client.messages.length === 6);
        expect(client.messages).toEqual(["open false 0 a", "got one #1", "push 1", "news 2", "open true 1 a", "got two #2"]);
        expect([client.repeats, client.gaps]).toEqual([0, 0]);
        expect(app.stdout.lines.some((line) => line.startsWith("closed "))).toBe(false);
        client.close(1000);
        await app.stdout.waitFor(`closed ${hello.session} 1000 after 2`);
    });

    test("a repeated client message is delivered once; bytes stay bytes; a message past a gap is a protocol error", async () => {
        const {ws} = await start();
        const client = new SessionClient(`${ws}/s/a`);
        await client.connect();
        client.sendRaw(encodeMessage(1, "x") as string);
        client.sendRaw(encodeMessage(1, "x") as string);
        client.sendRaw(encodeMessage(2, "y") as string);
        client.sendRaw(encodeMessage(3, "bin") as string);
        await client.waitFor(() => client.messages.length === 4);
        await Bun.sleep(150);
        expect(client.messages).toEqual(["open false 0 none", "got x #1", "got y #2", "bytes:1,2,255"]);
        client.sendRaw(encodeMessage(9, "z") as string);
        await client.waitFor(() => client.closes.length === 1);
        expect(client.closes[0]!.code).toBe(1002);
    });

    test("a plain client on a resumable route gets a plain socket, as before", async () => {
        const {ws, app} = await start();
        const plain = await SocketClient.connect(`${ws}/s/lobby`);
        expect(await plain.messages.waitFor("open")).toBe("open false 0 none");
        expect(await plain.ask("hi", "got")).toBe("got hi #1");
        plain.close();
        await app.stdout.waitFor(/^closed plain \d+ after 1$/);
    });

    test("a session is never resumed on another route or website; an unknown id gets a new session", async () => {
        const {ws, port} = await start();
        const client = new SessionClient(`${ws}/s/lobby`);
        const hello = await client.connect();
        client.drop();
        const elsewhere = new SessionClient(`${ws}/other/lobby`);
        const other = await elsewhere.connect([RESUME_PROTOCOL, resumeProtocolOf(hello.session, 0)]);
        expect(other.recovered).toBe(false);
        expect(other.session).not.toBe(hello.session);
        const otherSite = await new SessionClient(`ws://localhost:${port}/s/lobby`).connect([RESUME_PROTOCOL, resumeProtocolOf(hello.session, 0)]);
        expect(otherSite.recovered).toBe(false);
        // Still there for its own route.
        expect((await client.connect()).recovered).toBe(true);
        const unknown = await new SessionClient(`${ws}/s/lobby`).connect([RESUME_PROTOCOL, resumeProtocolOf("A".repeat(22), 3)]);
        expect(unknown.recovered).toBe(false);
    });

    test("an expired session gives recovered false and runs close once; so does one whose client fell behind the outbox limit", async () => {
        const {ws, app, url} = await start(`{keepFor: "300ms", maxOutboxMessages: 5}`);
        const late = new SessionClient(`${ws}/s/a`);
        const first = await late.connect();
        late.drop();
        await app.stdout.waitFor(`closed ${first.session} 1001 after 0`);
        expect((await late.connect()).recovered).toBe(false);

        // A client that never acknowledges: the sixth message unacknowledged ends its session.
        const silent = new WebSocket(`${ws}/s/b`, [RESUME_PROTOCOL]);
        const frames: string[] = [];
        silent.addEventListener("message", (event) => frames.push(String(event.data)));
        await new Promise((resolve) => silent.addEventListener("message", resolve, {once: true}));
        const id = JSON.parse(frames[0]!.slice(1)).session as string;
        const closed = new Promise<number>((resolve) => silent.addEventListener("close", (event) => resolve(event.code)));
        for (let m = 0; m < 5; m++) await fetch(`${url}/push?m=${m}`);
        expect(await closed).toBe(1013);
        await app.stdout.waitFor(`closed ${id} 1013 after 0`);
        expect(frames.length).toBeLessThanOrEqual(7);
        expect((await new SessionClient(`${ws}/s/b`).connect([RESUME_PROTOCOL, resumeProtocolOf(id, 0)])).recovered).toBe(false);
    });

    test("past maxSessions waiting for their client, the oldest ends (close runs) and the others are kept", async () => {
        const {ws, app} = await start(`{maxSessions: 2}`);
        const clients = [0, 1, 2].map((i) => new SessionClient(`${ws}/s/r${i}`));
        const hellos = await Promise.all(clients.map((client) => client.connect()));
        for (const client of clients) {
            client.drop();
            await Bun.sleep(50);
        }
        await app.stdout.waitFor(`closed ${hellos[0]!.session} 1001 after 0`);
        expect((await clients[0]!.connect()).recovered).toBe(false);
        expect((await clients[1]!.connect()).recovered).toBe(true);
        expect((await clients[2]!.connect()).recovered).toBe(true);
    });

    test("a session lives through a reload: resumed after it, its messages run the new code with the same data", async () => {
        const {ws, app} = await start();
        const client = new SessionClient(`${ws}/s/lobby`);
        await client.connect();
        client.send("one");
        await client.waitFor(() => client.messages.length === 2);
        client.drop();
        await saveWebsite(app, appSource(`{keepFor: "10s"}`).replace(`"got "`, `"v2 got "`));
        expect((await client.connect()).recovered).toBe(true);
        client.send("two");
        await client.waitFor(() => client.messages.length === 4);
        expect(client.messages.slice(2)).toEqual(["open true 1 none", "v2 got two #2"]);
    });
});
