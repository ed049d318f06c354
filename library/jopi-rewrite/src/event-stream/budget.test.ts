import {afterEach, expect, test} from "bun:test";
import {connect} from "node:net";
import {endAll, StreamClient} from "hot-harness";
import {startWebsite} from "../../test/test-website.ts";

afterEach(endAll);

// `maxBufferedBytes` over real sockets: a program under bun --hot, a client in this process that
// reads every event, one that never reads, and a budget smaller than the stream's first bytes.
const app = `import {JopiServer, WebSite} from "jopi-rewrite";
const server = new JopiServer();
const site = server.addWebsite(new WebSite("http://127.0.0.1"));
site.onGET("/events", (req) => req.eventStream({
    channel: "news",
    maxBufferedBytes: Number(req.searchParams.get("budget")),
    close() { console.log("stream closed"); },
}));
// n events of size bytes in one turn, then a pause, \`bursts\` times: how many streams each reached.
site.onGET("/burst", async (req) => {
    const [n, size, bursts] = ["n", "size", "bursts"].map((name) => Number(req.searchParams.get(name)));
    const reached = [];
    for (let b = 0; b < bursts; b++) {
        for (let i = 0; i < n; i++) reached.push(site.publishEvent("news", String(i).padEnd(size, ".")));
        await Bun.sleep(30);
    }
    return req.jsonResponse(reached);
});
server.startServer();`;

const ended = (line: string) => line.includes("ended the event stream");

test("a client that reads every event keeps its stream through bursts that fit its budget", async () => {
    const {app: server, url} = await startWebsite(app);
    const reader = await StreamClient.connect(`${url}/events?budget=65536`);
    // 15 events of 4008 bytes on the wire: 60 120 bytes per burst, all in one turn, for a 64 KiB budget.
    const reached: number[] = await (await fetch(`${url}/burst?n=15&size=4000&bursts=20`)).json();
    expect(reached).toEqual(Array(300).fill(1));
    while (reader.received.length < 300) await Bun.sleep(20);
    expect(reader.finished).toBe(false);
    expect(server.stdout.lines.filter(ended)).toEqual([]);
});

test("a client that never reads is cut at its budget, and no longer counted", async () => {
    const {app: server, url, port} = await startWebsite(app);
    const stalled = connect(port, "127.0.0.1");
    stalled.write(`GET /events?budget=65536 HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    await new Promise((resolve) => stalled.once("data", resolve));
    stalled.pause();
    // 40 × 256 KB, in events smaller than the budget: more than the kernel's buffers hold, so the stream's own queue fills.
    const reached: number[] = await (await fetch(`${url}/burst?n=16&size=16000&bursts=40`)).json();
    stalled.destroy();
    expect([reached[0], reached.at(-1)]).toEqual([1, 0]);
    await server.stdout.waitFor(`jopi-rewrite: ended the event stream of GET 127.0.0.1:${port}/events: its client left more than 65536 bytes unread (maxBufferedBytes).`);
    await server.stdout.waitFor("stream closed");
});

test("a budget smaller than the first bytes ends the stream cleanly, once", async () => {
    const {app: server, url, port} = await startWebsite(app);
    const res = await fetch(`${url}/events?budget=4`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
    await server.stdout.waitFor(`jopi-rewrite: ended the event stream of GET 127.0.0.1:${port}/events: its client left more than 4 bytes unread (maxBufferedBytes).`);
    await server.stdout.waitFor("stream closed");
    expect(server.stdout.lines.filter((line) => line === "stream closed")).toEqual(["stream closed"]);
    expect((await fetch(`${url}/burst?n=1&size=1&bursts=1`)).status).toBe(200);
});
