import {afterEach, describe, expect, test} from "bun:test";
import {endAll, StreamClient} from "hot-harness";
import {ResumingStream} from "../../test/resuming-stream.ts";
import {startWebsite} from "../../test/test-website.ts";

const clients: ResumingStream[] = [];
afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
    await endAll();
});

function resuming(url: string): ResumingStream {
    const client = new ResumingStream(url);
    clients.push(client);
    return client;
}

// A real program under bun --hot publishes a numbered event every 20 ms; clients in this process
// read the streams, drop their connection and come back with Last-Event-ID, like a browser.
const app = `import {JopiServer, WebSite} from "jopi-rewrite";
const server = new JopiServer();
const site = server.addWebsite(new WebSite("http://127.0.0.1"));
const feed = (resume) => req => req.eventStream({
    resume,
    channel: "news",
    retryMs: 100,
    open(stream) {
        stream.data.connections = (stream.data.connections ?? 0) + 1;
        console.log("open", stream.sessionId, stream.recovered, stream.data.connections, stream.lastEventId ?? "-");
        if (stream.recovered) stream.send({event: "welcome-back", data: stream.data});
    },
    close(stream) { console.log("close", stream.sessionId); },
});
site.onGET("/feed", feed({keepFor: "1s"}));
site.onGET("/other", feed(true));
site.onGET("/small", feed({maxOutboxMessages: 5}));
site.onGET("/few", feed({maxSessions: 2}));
site.onGET("/plain", feed(undefined));
site.onGET("/streams", req => req.jsonResponse(site.eventStreams().map(stream => stream.sessionId ?? "plain")));
site.onGET("/end", req => { for (const stream of site.eventStreams()) stream.close(); return req.textResponse("ended"); });
let n = 0;
NodeSpace.timer.newInterval(20, () => { site.publishEvent("news", String(++n)); });
server.startServer();`;

const ticks = (client: ResumingStream) => client.received.filter((event) => event.event === "message").map((event) => Number(event.data));
const consecutive = (numbers: number[]) => numbers.every((n, i) => i === 0 || n === numbers[i - 1]! + 1);

describe("event streams that resume on the same worker", () => {
    test("a new session sends its id at once, then numbers every event <sessionId>.<seq>", async () => {
        const {url} = await startWebsite(app);
        const response = await fetch(`${url}/feed`);
        const reader = response.body!.getReader();
        let text = "";
        while ((text.match(/\ndata: /g) ?? []).length < 3) text += new TextDecoder().decode((await reader.read()).value);
        await reader.cancel();
        // The browser's lastEventId is set before any event: a client that leaves at once can still come back.
        const [retry, first, ...events] = text.split("\n\n");
        expect(retry).toBe("retry: 100");
        expect(first).toMatch(/^id: [A-Za-z0-9_-]{22}\.0$/);
        const session = first!.slice(4, -2);
        expect(events.slice(0, 3).map((event) => event.split("\n")[0])).toEqual([1, 2, 3].map((seq) => `id: ${session}.${seq}`));
    });

    test("a client that drops its connection comes back to its session: every event once, in order", async () => {
        const {app: server, url} = await startWebsite(app);
        const client = resuming(`${url}/feed`);
        for (let drop = 1; drop <= 3; drop++) {
            await client.waitForEvents(client.received.length + 5);
            client.drop();
            await client.waitForConnections(drop + 1);
        }
        await client.waitForEvents(client.received.length + 5);
        const numbers = ticks(client);
        expect(consecutive(numbers)).toBe(true);
        expect(client.received.filter((event) => event.event === "welcome-back").map((event) => JSON.parse(event.data).connections)).toEqual([2, 3, 4]);
        const opens = server.stdout.lines.filter((line) => line.startsWith("open "));
        expect(opens.map((line) => line.split(" ").slice(1, 4).join(" "))).toEqual([`${client.sessionId} false 1`, `${client.sessionId} true 2`, `${client.sessionId} true 3`, `${client.sessionId} true 4`]);
        expect(server.stdout.lines.filter((line) => line.startsWith("close "))).toEqual([]);
    });

    test("while its client is away, the session is listed, and ends for good after keepFor, once", async () => {
        const {app: server, url} = await startWebsite(app);
        const stream = await StreamClient.connect(`${url}/feed`);
        await stream.events.waitFor(/\d/);
        const lastId = stream.lastId;
        stream.close();
        await Bun.sleep(100);
        expect(await (await fetch(`${url}/streams`)).json()).toEqual([lastId.split(".")[0]]);
        await server.stdout.waitFor(`close ${lastId.split(".")[0]}`);
        const late = await StreamClient.connect(`${url}/feed`, {"last-event-id": lastId});
        await server.stdout.waitFor(/^open \S+ false 1 /);
        expect(server.stdout.lines.filter((line) => line.startsWith("close "))).toEqual([`close ${lastId.split(".")[0]}`]);
        late.close();
    });

    test("a client that missed more than the ring keeps gets a new session, recovered false", async () => {
        const {app: server, url} = await startWebsite(app);
        const stream = await StreamClient.connect(`${url}/small`);
        await server.stdout.waitFor(/^open \S+ false 1 -$/);
        await stream.events.waitFor(/\d/);
        const lastId = stream.lastId;
        stream.close();
        await Bun.sleep(300); // 15 events published, 5 kept
        const again = await StreamClient.connect(`${url}/small`, {"last-event-id": lastId});
        await server.stdout.waitFor(/^open \S+ false 1 [A-Za-z0-9_-]{22}\.\d+$/);
        await again.events.waitFor(/\d/);
        const [session, seq] = again.received[0]!.id.split(".");
        expect([session === lastId.split(".")[0], seq]).toEqual([false, "1"]);
        again.close();
    });

    test("past maxSessions waiting for their client, the one away the longest ends, with one line that says why", async () => {
        const {app: server, url, port} = await startWebsite(app);
        const streams = [];
        for (let i = 0; i < 3; i++) {
            const stream = await StreamClient.connect(`${url}/few`);
            await stream.events.waitFor(/\d/);
            streams.push(stream);
        }
        const ids = streams.map((stream) => stream.lastId.split(".")[0]);
        for (const stream of streams) {
            stream.close();
            await Bun.sleep(50);
        }
        await server.stdout.waitFor(`jopi-rewrite: ended the event stream session ${ids[0]} of 127.0.0.1:${port}/few: more than 2 sessions waited for their client (maxSessions).`);
        await server.stdout.waitFor(`close ${ids[0]}`);
        expect((await (await fetch(`${url}/streams`)).json()).sort()).toEqual(ids.slice(1).sort());
    });

    test("a session id is never resumed on another path, nor from a made-up id", async () => {
        const {app: server, url} = await startWebsite(app);
        const stream = await StreamClient.connect(`${url}/feed`);
        await stream.events.waitFor(/\d/);
        const other = await StreamClient.connect(`${url}/other`, {"last-event-id": stream.lastId});
        const madeUp = await StreamClient.connect(`${url}/feed`, {"last-event-id": "AAAAAAAAAAAAAAAAAAAAAA.3"});
        for (const client of [other, madeUp]) {
            await client.events.waitFor(/\d/);
            const [session, seq] = client.received[0]!.id.split(".");
            expect([session === stream.lastId.split(".")[0], seq]).toEqual([false, "1"]);
        }
        expect(server.stdout.lines.filter((line) => line.startsWith("open ")).map((line) => line.split(" ")[2])).toEqual(["false", "false", "false"]);
        for (const client of [stream, other, madeUp]) client.close();
    });

    test("stream.close() ends the session for good: close runs once, the client's next visit is a new session", async () => {
        const {app: server, url} = await startWebsite(app);
        const client = resuming(`${url}/feed`);
        await client.waitForEvents(3);
        const first = client.sessionId;
        expect(await (await fetch(`${url}/end`)).text()).toBe("ended");
        await server.stdout.waitFor(`close ${first}`);
        await client.waitForConnections(2);
        await server.stdout.waitFor(/^open \S+ false 1 [A-Za-z0-9_-]{22}\.\d+$/);
        expect(server.stdout.lines.filter((line) => line.startsWith("close "))).toEqual([`close ${first}`]);
    });

    test("without resume, a stream is as it was: no ids, ended when its client goes", async () => {
        const {app: server, url} = await startWebsite(app);
        const stream = await StreamClient.connect(`${url}/plain`);
        await stream.events.waitFor(/\d/);
        expect(stream.lastId).toBe("");
        expect(await (await fetch(`${url}/streams`)).json()).toEqual(["plain"]);
        stream.close();
        await server.stdout.waitFor("close undefined");
        expect(await (await fetch(`${url}/streams`)).json()).toEqual([]);
    });
});
