import {afterEach, expect, test} from "bun:test";
import {endAll, freePort, SocketClient, startHot, StreamClient, type HotProcess} from "hot-harness";

afterEach(endAll);

// Every version holds 2000 entries of its own, reachable from its handlers, and a weak reference
// to them: if the open sockets or streams kept old versions alive, they would still be reachable
// after a garbage collection (and RSS would grow by each one).
const app = (n: number) => `import {JopiServer, WebSite} from "jopi-rewrite";
const perVersion = new Map(Array.from({length: 2000}, (_, i) => [i, "entry " + i + " of version ${n}"]));
const versions: WeakRef<object>[] = ((globalThis as any).versions ??= []);
versions.push(new WeakRef(perVersion));
const server = new JopiServer();
const site = server.addWebsite(new WebSite("http://127.0.0.1"));
site.onWebSocket("/socket", {message(ws, text) { ws.send("v${n} " + text + " " + perVersion.size); }});
site.onGET("/stream", req => req.eventStream({channel: "all"}));
site.publishEvent("all", "v${n} " + perVersion.size);
site.onGET("/alive", async req => {
    Bun.gc(true);
    await Bun.sleep(20); // WeakRefs read in this turn stay alive until it ends.
    Bun.gc(true);
    return req.textResponse(String(versions.filter(ref => ref.deref()).length));
});
server.startServer();
if (${n} % 100 === 0) { Bun.gc(true); console.log("rss at ${n} " + process.memoryUsage().rss); }
`;

async function reloadTo(hot: HotProcess, n: number): Promise<void> {
    hot.write("index.ts", app(n));
    await hot.stdout.waitFor(`Website reloaded`);
}

const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

test("400 reloads with 200 WebSockets and 50 event streams open: none dropped, RSS flat", async () => {
    const port = await freePort();
    const hot = startHot({files: {"index.ts": app(0)}, env: {PORT: String(port)}});
    await hot.stdout.waitFor("Website started");
    const sockets = await Promise.all(Array.from({length: 200}, () => SocketClient.connect(`ws://127.0.0.1:${port}/socket`)));
    const streams = await Promise.all(Array.from({length: 50}, () => StreamClient.connect(`http://127.0.0.1:${port}/stream`)));
    for (let n = 1; n <= 400; n++) {
        await reloadTo(hot, n);
        // A few sockets talk at each version, so that some hold a route found in an old version.
        const speaker = sockets[n % sockets.length]!;
        expect(await speaker.ask(`hello ${n}`, `hello ${n} `)).toBe(`v${n} hello ${n} 2000`);
    }
    const rss = (g: number) => Number(hot.stdout.lines.find((line) => line.startsWith(`rss at ${g} `))!.split(" ")[3]);
    console.log(`RSS with 200 sockets and 50 streams open: ${mb(rss(100))} MB after 100 reloads, ${mb(rss(400))} MB after 400`);
    expect(sockets.filter((socket) => !socket.open)).toHaveLength(0);
    expect(streams.filter((stream) => stream.finished)).toHaveLength(0);
    for (const stream of streams) expect(await stream.events.waitFor("v400 ")).toBe("v400 2000");
    // Only the current version is alive (an old one may wait for the next collection).
    expect(Number(await (await fetch(`http://127.0.0.1:${port}/alive`)).text())).toBeLessThanOrEqual(2);
    // Bun keeps the compiled code of each version's source (a few KB each, sockets or not): RSS
    // may creep by that, not by 300 versions of 2000 entries (tens of MB).
    expect(rss(400) - rss(100)).toBeLessThan(8 * 2 ** 20);
}, 180_000);
