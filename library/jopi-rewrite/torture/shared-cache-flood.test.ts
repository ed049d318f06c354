// A flood of unique query strings against a website on the shared cache, with a real redis-server:
// the one-off URLs must neither push the popular pages out of the process's first tier nor be
// written to Redis, where every worker would pay for them.
import {afterAll, beforeAll, expect, test} from "bun:test";
import {freePort, RedisServer} from "hot-harness";
import {InMemoryCache, initSharedCache, JopiServer, WebSite, type SharedCache} from "jopi-rewrite";

let redis: RedisServer;
beforeAll(async () => {
    redis = await RedisServer.start();
}, 180_000);
afterAll(() => redis?.stop());

// A search page of about 20 KB: worth compressing, and small enough for a first tier of a few dozen.
const render = (query: string) => `<p>results for ${query}: the quick brown fox jumps over the lazy dog</p>\n`.repeat(250);

/** A website on a free port whose /search page is cached in a shared cache over `firstTier`; stopped after `body`. */
async function withSharedSearchSite(firstTier: InMemoryCache, namespace: string, body: (get: (query: string) => Promise<Response>, shared: SharedCache) => Promise<void>): Promise<void> {
    const shared = initSharedCache({url: redis.url, namespace, firstTier});
    const port = await freePort();
    const server = new JopiServer();
    server.addWebsite(new WebSite(`http://127.0.0.1:${port}`, {cache: shared})).onGET("/search", async (req) => {
        return (await req.getFromCache()) ?? req.addToCache_Compressed(req.htmlResponse(render(req.searchParams.get("q") ?? "")));
    });
    server.startServer();
    const get = (query: string) => fetch(`http://127.0.0.1:${port}/search?q=${query}`, {headers: {"accept-encoding": "gzip"}, decompress: false});
    try {
        while (!shared.stats.connected) await Bun.sleep(5);
        await body(get, shared);
    } finally {
        await server.stopServer();
        shared.close();
    }
}

const keysIn = async (namespace: string) => ((await redis.command("KEYS", [`${namespace}|*`])) as string[]).length;

test("shared cache: a flood of unique query strings leaves the popular pages in the first tier and writes no one-off URL to Redis", async () => {
    const budget = 1024 * 1024;
    const firstTier = new InMemoryCache({maxBytes: budget});
    await withSharedSearchSite(firstTier, "flood1", async (get, shared) => {
        const popular = Array.from({length: 20}, (_, i) => `popular-${i}`);
        for (const query of popular) await (await get(query)).arrayBuffer();
        let popularAsked = 0;
        const hitsBefore = shared.stats.hits;
        const flood = 2_000;
        for (let i = 0; i < flood; i++) {
            await (await get(`flood-${i}-${Math.random()}`)).arrayBuffer();
            if (i % 10 === 0) {
                await (await get(popular[popularAsked % popular.length]!)).arrayBuffer();
                popularAsked++;
            }
        }
        const popularHits = shared.stats.hits - hitsBefore;
        const keys = await keysIn("flood1");
        console.log(`shared cache flood: ${popularHits} of ${popularAsked} popular requests answered from the first tier; ${keys} keys in Redis after ${flood} one-off URLs; first tier ${firstTier.stats.entries} entries, ${firstTier.stats.evictions} evictions`);
        expect(firstTier.stats.bytes).toBeLessThanOrEqual(budget);
        expect(popularHits / popularAsked).toBeGreaterThanOrEqual(0.95);
        // While the first tier had room, the first one-off pages were stored (and sent to Redis),
        // as any page is; once it was full, none was.
        expect(keys).toBeLessThanOrEqual(popular.length + firstTier.stats.entries);
        expect(keys).toBeLessThan(100);
    });
}, 120_000);

test("shared cache: a page first seen when the first tier is full goes out as rendered, stored nowhere, and is stored compressed when asked again", async () => {
    const firstTier = new InMemoryCache({maxBytes: 256 * 1024});
    await withSharedSearchSite(firstTier, "flood2", async (get, shared) => {
        // While there is room, a page is stored and compressed at once, as the examples show.
        const first = await get("first");
        expect(first.headers.get("content-encoding")).toBe("gzip");
        await first.arrayBuffer();
        expect(await keysIn("flood2")).toBe(1);
        let entries = 0;
        for (let i = 0; i < 1_000 && firstTier.stats.entries > entries; i++) {
            entries = firstTier.stats.entries;
            await (await get(`fill-${i}`)).arrayBuffer();
        }
        expect(firstTier.stats.entries).toBe(entries);
        const keys = await keysIn("flood2");

        const once = await get("new-page");
        expect(once.headers.get("content-encoding")).toBeNull();
        expect(await once.text()).toBe(render("new-page"));
        expect(firstTier.stats.entries).toBe(entries);
        expect(await keysIn("flood2")).toBe(keys);

        const again = await get("new-page");
        expect(again.headers.get("content-encoding")).toBe("gzip");
        expect(new TextDecoder().decode(Bun.gunzipSync(await again.bytes()))).toBe(render("new-page"));
        expect(await keysIn("flood2")).toBe(keys + 1);
        const hitsBefore = shared.stats.hits;
        await (await get("new-page")).arrayBuffer();
        expect(shared.stats.hits).toBe(hitsBefore + 1);
    });
}, 120_000);
