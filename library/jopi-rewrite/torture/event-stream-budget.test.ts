import {afterEach, expect, test} from "bun:test";
import {connect, type Socket} from "node:net";
import {endAll} from "hot-harness";
import {mb, rssOf, startServerProcess} from "./process-memory.ts";

afterEach(endAll);

// `/flood?n=300&size=1048576` publishes n events of that size, 5 ms apart (as a real producer
// would), and answers how many streams each publishEvent reached.
const app = `import {JopiServer, WebSite} from "jopi-rewrite";
const server = new JopiServer();
const site = server.addWebsite(new WebSite("http://127.0.0.1"));
site.onGET("/events", (req) => req.eventStream({channel: "news"}));
// For the client that reads: room for the moments a busy test machine keeps it from reading.
site.onGET("/roomy", (req) => req.eventStream({channel: "news", maxBufferedBytes: 16 * 1024 * 1024}));
site.onGET("/flood", async (req) => {
    const event = "x".repeat(Number(req.searchParams.get("size")));
    const reached = [];
    for (let i = 0; i < Number(req.searchParams.get("n")); i++) {
        reached.push(site.publishEvent("news", event));
        await Bun.sleep(5);
    }
    return req.jsonResponse(reached);
});
server.startServer();
`;

/** Opens the stream at `path` over a raw connection and resolves once its headers came. */
async function openStream(port: number, path: string): Promise<Socket> {
    const socket = connect(port, "127.0.0.1");
    socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    await new Promise((resolve) => socket.once("data", resolve));
    return socket;
}

test("a client that never reads: 300 events of almost 1 MiB end its stream at the budget, memory stays flat", async () => {
    const {app: server, port} = await startServerProcess(app);
    const stalled = await openStream(port, "/events");
    // Never read again: the kernel's buffers fill, then the server's.
    stalled.pause();
    const before = rssOf(server.child.pid);
    // Each event fits the budget on its own (an event larger than the budget ends the stream at once).
    const reached: number[] = await (await fetch(`http://127.0.0.1:${port}/flood?n=300&size=${2 ** 20 - 1024}`)).json();
    const after = rssOf(server.child.pid);
    console.log(`server RSS: ${mb(before)} before, ${mb(after)} after 300 events of almost 1 MiB; publishEvent reached ${reached[0]} stream(s) first, ${reached.at(-1)} last`);
    expect([reached[0], reached.at(-1)]).toEqual([1, 0]);
    expect(server.stdout.lines).toContain(`jopi-rewrite: ended the event stream of GET 127.0.0.1:${port}/events: its client left more than 1048576 bytes unread (maxBufferedBytes).`);
    expect(after - before).toBeLessThan(48 * 2 ** 20);
    stalled.destroy();
}, 120_000);

test("a client that reads keeps its stream, and every event counts it", async () => {
    const {app: server, port} = await startServerProcess(app);
    const reader = await openStream(port, "/roomy");
    let read = 0;
    reader.on("data", (data) => (read += data.length));
    const reached: number[] = await (await fetch(`http://127.0.0.1:${port}/flood?n=100&size=${64 * 1024}`)).json();
    expect(reached).toEqual(Array(100).fill(1));
    while (read < 100 * 64 * 1024) await Bun.sleep(20);
    expect(reader.destroyed).toBe(false);
    expect(server.stdout.lines.filter((line) => line.includes("ended the event stream"))).toEqual([]);
    reader.destroy();
}, 120_000);

test("a maxBufferedBytes that is not a number of bytes fails the route with a message that says so", async () => {
    const {app: server, port} = await startServerProcess(app.replace(`req.eventStream({channel: "news"})`, `req.eventStream({channel: "news", maxBufferedBytes: 0})`));
    const res = await fetch(`http://127.0.0.1:${port}/events`, {signal: AbortSignal.timeout(10_000)});
    expect([res.status, await res.text()]).toEqual([500, "Internal Server Error"]);
    await server.stderr.waitFor(`jopi-rewrite: maxBufferedBytes of the event stream of GET 127.0.0.1:${port}/events must be a whole number of bytes above 0, not 0.`);
}, 60_000);
