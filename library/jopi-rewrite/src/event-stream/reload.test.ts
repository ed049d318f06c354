import {afterEach, describe, expect, test} from "bun:test";
import {saveWebsite as save, startWebsite as start} from "../../test/test-website.ts";
import {endAll, StreamClient} from "hot-harness";

afterEach(endAll);

// Real programs under bun --hot, real event-stream clients reading the response from this
// process, and edits of the program's file while the streams are open.

const ticker = (format: string, extra = "") => `import {JopiServer, WebSite} from "jopi-rewrite";
const server = new JopiServer();
const site = server.addWebsite(new WebSite("http://127.0.0.1"));
server.startServer();
site.onGET("/ticks", req => req.eventStream({
    channel: "ticks",
    retryMs: 1500,
    open(stream) { stream.send({event: "hello", id: 0, data: {lastEventId: stream.lastEventId ?? null}}); },
    close() { console.log("stream closed"); },
}));
const kept = NodeSpace.app.keepOnHotReload("tick", () => ({n: 0}));
NodeSpace.timer.newInterval(50, () => {
    const n = ++kept.n;
    const sentTo = site.publishEvent("ticks", {id: n, data: ${format}});
    if (n % 10 === 0) console.log("sent to", sentTo);
});
${extra}`;

describe("event streams across reloads", () => {
    test("a stream opened by the old version sends the new version's events, and stays open", async () => {
        const {app, url} = await start(ticker("`v1 tick ${n}`"));
        const stream = await StreamClient.connect(`${url}/ticks`);
        expect(stream.response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
        await stream.events.waitFor("v1 tick");
        await save(app, ticker("{version: 2, tick: n}"));
        const v2 = JSON.parse(await stream.events.waitFor('"version":2'));
        expect(v2.version).toBe(2);
        // The ids go on without a gap: nothing was lost at the reload.
        const ticks = stream.received.filter((event) => event.event === "message").map((event) => Number(event.id));
        expect(ticks).toEqual(Array.from({length: ticks.length}, (_, i) => ticks[0]! + i));
        expect(stream.received.map((event) => event.data)).toContain(`v1 tick ${ticks[0]}`);
        expect(stream.finished).toBe(false);
    });

    test("retry, event names, ids and Last-Event-ID reach the client", async () => {
        const {url} = await start(ticker("`tick ${n}`"));
        const stream = await StreamClient.connect(`${url}/ticks`, {"last-event-id": "41"});
        await stream.events.waitFor("lastEventId");
        expect(stream.retry).toBe(1500);
        expect(stream.received[0]).toEqual({event: "hello", id: "0", data: '{"lastEventId":"41"}'});
        await stream.events.waitFor("tick");
        expect(Number(stream.lastId)).toBeGreaterThan(0);
    });

    test("a client that goes away ends its stream on the server, and publishing no longer counts it", async () => {
        const {app, url} = await start(ticker("`tick ${n}`"));
        const stream = await StreamClient.connect(`${url}/ticks`);
        await app.stdout.waitFor("sent to 1");
        stream.close();
        await app.stdout.waitFor("stream closed");
        await app.stdout.waitFor("sent to 0");
    });

    test("a quiet stream outlives Bun's 10 s idle timeout thanks to keep-alive comments", async () => {
        const quiet = `import {JopiServer, WebSite} from "jopi-rewrite";
const server = new JopiServer();
server.addWebsite(new WebSite("http://127.0.0.1")).onGET("/quiet", req => req.eventStream({channel: "never"}));
server.startServer();`;
        const {url} = await start(quiet);
        const stream = await StreamClient.connect(`${url}/quiet`);
        const ended = await Promise.race([stream.ended.then(() => "ended"), Bun.sleep(12_000).then(() => "open")]);
        expect(ended).toBe("open");
        expect(stream.comments).toBeGreaterThanOrEqual(3);
    }, 20_000);

    test("an open handler that throws ends that stream and logs method, host and path", async () => {
        const {app, url} = await start(ticker("`tick ${n}`", `site.onGET("/bad", req => req.eventStream({open() { throw new Error("stream bug"); }}));`));
        const bad = await StreamClient.connect(`${url}/bad`);
        await bad.ended;
        await app.stderr.waitFor(/jopi-rewrite: the event stream open handler of GET 127\.0\.0\.1:\d+\/bad failed; ended the stream\./);
        const good = await StreamClient.connect(`${url}/ticks`);
        await good.events.waitFor("tick");
    });
});

describe("shutdown with streams open", () => {
    test.each(["SIGTERM", "SIGINT"] as const)("%s ends every stream and exits 0", async (signal) => {
        const {app, url} = await start(ticker("`tick ${n}`"));
        const streams = await Promise.all([1, 2].map(() => StreamClient.connect(`${url}/ticks`)));
        await streams[1]!.events.waitFor("tick");
        process.kill(app.child.pid, signal);
        await Promise.all(streams.map((stream) => stream.ended));
        expect(await app.exited).toBe(0);
    });
});
