// Real processes under bun --hot behind one real redis-server: what a load balancer in front of
// several workers or hosts sees. Requests carry the public Host, as a load balancer passes it.
import {afterAll, afterEach, beforeAll, expect, test} from "bun:test";
import {endAll, freePort, RedisServer, startHot, type HotProcess} from "hot-harness";

const app = `import {initSharedCache, JopiServer, WebSite} from "jopi-rewrite";
const shared = initSharedCache({url: process.env.REDIS_URL, timeoutMs: 100});
const server = new JopiServer();
const site = server.addWebsite(new WebSite("http://shop.localhost:3000", {cache: shared}));
let renders = 0;
site.onGET("/page", async (req) => (await req.getFromCache()) ?? req.addToCache_Compressed(req.htmlResponse(\`<p>rendered by \${process.env.NAME} (#\${++renders})</p>\`.repeat(100))));
site.onGET("/remove", async (req) => req.textResponse(String(await req.removeFromCache("/page"))));
server.startServer();
`;

let redis: RedisServer;
beforeAll(async () => {
    redis = await RedisServer.start();
}, 180_000);
afterEach(endAll);
afterAll(() => redis?.stop());

async function worker(name: string): Promise<{process: HotProcess; port: number; get(path: string): Promise<{status: number; body: string; encoding: string | null}>}> {
    const port = await freePort();
    const process = startHot({files: {"index.ts": app}, env: {PORT: String(port), REDIS_URL: redis.url, NAME: name}});
    await process.stdout.waitFor("Website started");
    const get = async (path: string) => {
        const res = await fetch(`http://127.0.0.1:${port}${path}`, {headers: {host: "shop.localhost:3000", "accept-encoding": "gzip"}, decompress: false});
        const body = res.headers.get("content-encoding") === "gzip" ? new TextDecoder().decode(Bun.gunzipSync(new Uint8Array(await res.arrayBuffer()))) : await res.text();
        return {status: res.status, body: body.slice(0, 40), encoding: res.headers.get("content-encoding")};
    };
    return {process, port, get};
}

test("a page cached by one worker is a hit on the other; a removal on one is a miss on both; a new worker starts warm", async () => {
    await redis.command("FLUSHALL");
    const [one, two] = await Promise.all([worker("one"), worker("two")]);
    expect(await one.get("/page")).toEqual({status: 200, body: "<p>rendered by one (#1)</p><p>rendered b", encoding: "gzip"});
    expect((await two.get("/page")).body).toStartWith("<p>rendered by one (#1)</p>");
    expect((await two.get("/page")).body).toStartWith("<p>rendered by one (#1)</p>");

    expect((await two.get("/remove")).body).toBe("true");
    expect((await one.get("/page")).body).toStartWith("<p>rendered by one (#2)</p>");
    expect((await two.get("/page")).body).toStartWith("<p>rendered by one (#2)</p>");

    await one.process.stop();
    await two.process.stop();
    const three = await worker("three");
    expect((await three.get("/page")).body).toStartWith("<p>rendered by one (#2)</p>");
}, 60_000);

test("Redis stopped, hung or restarted: every request is answered, each outage logged once with the address, and it reconnects", async () => {
    await redis.command("FLUSHALL");
    const one = await worker("one");
    expect((await one.get("/page")).body).toStartWith("<p>rendered by one (#1)</p>");

    await redis.stop();
    for (let i = 0; i < 30; i++) expect((await one.get("/page")).status).toBe(200);
    // A removal made while Redis is out is sent when it is back.
    expect((await one.get("/remove")).body).toBe("true");
    for (let i = 0; i < 30; i++) expect((await one.get("/page")).status).toBe(200);
    await one.process.stderr.waitFor(`cannot use Redis at ${redis.url}`);

    // Restarted empty (no persistence): the worker reconnects by itself and stores again.
    await redis.resume();
    await one.process.stderr.waitFor(`reaches Redis at ${redis.url} again`, {timeoutMs: 5000});
    const two = await worker("two");
    const rendered = (await one.get("/page")).body;
    expect(rendered).toStartWith("<p>rendered by one");
    expect((await two.get("/page")).body).toBe(rendered);
    // The invalidation channel is back too: a removal on two reaches one's memory.
    expect((await two.get("/remove")).body).toBe("true");
    await Bun.sleep(20);
    expect((await one.get("/page")).body).not.toBe(rendered);

    // Hung: connections open, nothing answers. Each request waits at most the timeout (100 ms),
    // until a PING unanswered for a second opens the breaker: then requests no longer wait at all.
    redis.pause();
    const durations: number[] = [];
    for (let i = 0; i < 30; i++) {
        const started = performance.now();
        expect((await two.get(`/page?n=${i}`)).status).toBe(200);
        durations.push(performance.now() - started);
    }
    await two.process.stderr.waitFor(`cannot use Redis at ${redis.url} (no answer to PING`);
    redis.unpause();
    expect(Math.max(...durations)).toBeLessThan(400);
    expect(Math.max(...durations.slice(-5))).toBeLessThan(50);
    await two.process.stderr.waitFor(`reaches Redis at ${redis.url} again`, {timeoutMs: 5000});

    expect(one.process.stderr.count("cannot use Redis")).toBe(1);
    expect(two.process.stderr.count("cannot use Redis")).toBe(1);
    expect(one.process.stderr.lines.join("\n")).not.toMatch(/TypeError|Unhandled|uncaught/i);
    // After all that, each worker holds its two connections, no more: none was left behind.
    await one.get("/page");
    const clients = ((await redis.command("CLIENT", ["LIST"])) as string).trim().split("\n");
    expect(clients.length).toBe(2 * 2 + 1);
}, 60_000);

test("reloads keep the worker's two connections and its first tier", async () => {
    await redis.command("FLUSHALL");
    const one = await worker("one");
    expect((await one.get("/page")).body).toStartWith("<p>rendered by one (#1)</p>");
    for (let i = 1; i <= 3; i++) {
        one.process.write("index.ts", `${app}// edit ${i}\n`);
        await one.process.stdout.waitFor("Website reloaded");
    }
    // The page was not rendered again (the counter restarts at each reload, the cache does not).
    expect((await one.get("/page")).body).toStartWith("<p>rendered by one (#1)</p>");
    const clients = ((await redis.command("CLIENT", ["LIST"])) as string).trim().split("\n");
    // The worker's command and subscriber connections, and the one asking.
    expect(clients.length).toBe(3);
}, 60_000);
