// Someone who can reach the Redis of the shared cache, against a real server process under
// bun --hot: what they publish or write must not empty, nor bloat, the server.
import {afterAll, afterEach, beforeAll, expect, test} from "bun:test";
import {readFileSync} from "node:fs";
import {endAll, freePort, RedisServer, startHot} from "hot-harness";

const app = `import {getInMemoryCache, initSharedCache, JopiServer, WebSite} from "jopi-rewrite";
const shared = initSharedCache({url: process.env.REDIS_URL, timeoutMs: 5000});
const server = new JopiServer();
const plain = server.addWebsite(new WebSite("http://plain.localhost:3000"));
const shop = server.addWebsite(new WebSite("http://shop.localhost:3000", {cache: shared}));
let renders = 0;
const render = (req) => req.htmlResponse(\`<p>render #\${++renders}</p>\`.repeat(100));
plain.onGET("/page", async (req) => (await req.getFromCache()) ?? req.addToCache_Compressed(render(req)));
shop.onGET("/page", async (req) => (await req.getFromCache()) ?? req.addToCache_Compressed(render(req)));
shop.onGET("/big", async (req) => (await req.getFromCache()) ?? render(req));
shop.onGET("/entries", (req) => req.textResponse(String(getInMemoryCache().stats.entries)));
server.startServer();
`;

let redis: RedisServer;
beforeAll(async () => {
    redis = await RedisServer.start();
}, 180_000);
afterEach(endAll);
afterAll(() => redis?.stop());

async function server() {
    const port = await freePort();
    const process = startHot({files: {"index.ts": app}, env: {PORT: String(port), REDIS_URL: redis.url}});
    await process.stdout.waitFor("Website started");
    const get = async (host: string, path: string) => (await fetch(`http://127.0.0.1:${port}${path}`, {headers: {host: `${host}.localhost:3000`}})).text();
    return {process, get};
}

test('PUBLISH jopi:invalidate "x\\nclear\\n" and messages for other keys leave every memory cache as it was', async () => {
    await redis.command("FLUSHALL");
    const {process, get} = await server();
    const plainPage = await get("plain", "/page");
    const shopPage = await get("shop", "/page");
    expect(await get("shop", "/entries")).toBe("2");
    const [shopKey] = (await redis.command("KEYS", ["*"])) as string[];
    const sender = crypto.randomUUID();
    const attacks = [
        "x\nclear\n",
        `${sender}\nclear\n`,
        `${sender}\nclear\nplain`,
        `${sender}\nclear\nhttp://plain`,
        `${sender}\ndel\n${shopKey!.replace("shop", "plain")}`,
        `${sender}\nclear\njopi:staging:`,
        `${sender}\nclear\n${shopKey}\nextra`,
        "clear",
        "",
    ];
    for (const message of attacks) expect(await redis.command("PUBLISH", ["jopi:invalidate", message])).toBe(1);
    await Bun.sleep(100);
    expect(await get("shop", "/entries")).toBe("2");
    expect(await get("plain", "/page")).toBe(plainPage);
    expect(await get("shop", "/page")).toBe(shopPage);
    // Reported once, with the server's address; the rest only counted.
    expect(process.stderr.count(`ignored a message on channel jopi:invalidate of Redis at ${redis.url}`)).toBe(1);
    expect(process.stderr.lines.join("\n")).not.toMatch(/TypeError|Unhandled|uncaught/i);
}, 60_000);

// The peak resident memory of a process, in bytes (Linux).
function peakRss(pid: number): number {
    return Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) * 1024;
}

test("a 64 MB value under a page's key, asked by 6 requests at once, never enters the server's memory", async () => {
    await redis.command("FLUSHALL");
    const {process, get} = await server();
    await get("shop", "/page");
    const [pageKey] = (await redis.command("KEYS", ["*"])) as string[];
    const bigKey = pageKey!.replace("/page", "/big");
    await redis.command("SETRANGE", [bigKey, String(64 * 1024 * 1024 - 1), "x"]);
    // Warm: the routes compiled, the pages rendered once.
    for (let i = 0; i < 3; i++) await get("shop", "/page");
    const before = peakRss(process.child.pid);
    const answers = await Promise.all(Array.from({length: 6}, () => get("shop", "/big")));
    for (const body of answers) expect(body).toStartWith("<p>render #");
    const grown = peakRss(process.child.pid) - before;
    console.log(`6 lookups of a 64 MB value: peak RSS +${(grown / 2 ** 20).toFixed(1)} MB`);
    expect(grown).toBeLessThan(24 * 2 ** 20);
}, 60_000);
