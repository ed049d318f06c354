import {expect, test} from "bun:test";
import {initMemoryCache, JopiServer, WebSite} from "jopi-rewrite";

test("200,000 distinct query strings against a cached route stay within the byte budget, and hot entries keep hitting", async () => {
    const budget = 4 * 1024 * 1024;
    const cache = initMemoryCache({maxBytes: budget});
    const server = new JopiServer();
    server.addWebsite(new WebSite("http://flood.localhost:3000", {cache})).onGET("/search", async (req) => {
        return (await req.getFromCache()) ?? req.addToCache_Compressed(req.htmlResponse(`<p>results for ${req.searchParams.get("q")}</p>`.repeat(80)));
    });
    const get = (q: string) => server.fetch(new Request(`http://flood.localhost:3000/search?q=${q}`, {headers: {"accept-encoding": "gzip"}}));
    let rssWarm = 0;
    for (let i = 0; i < 200_000; i++) {
        await (await get(`flood-${i}`)).arrayBuffer();
        if (i % 100 === 0) await (await get("hot")).arrayBuffer();
        if (i % 50_000 === 0) expect(cache.stats.bytes).toBeLessThanOrEqual(budget);
        // Once the budget is full, more distinct keys must not mean more memory.
        if (i === 50_000) {
            Bun.gc(true);
            rssWarm = process.memoryUsage().rss;
        }
    }
    const hitsBefore = cache.stats.hits;
    const hot = await get("hot");
    expect(hot.headers.get("content-encoding")).toBe("gzip");
    expect(cache.stats.hits).toBe(hitsBefore + 1);
    Bun.gc(true);
    const growth = process.memoryUsage().rss - rssWarm;
    console.log(`cache flood: ${cache.stats.entries} entries, ${cache.stats.bytes} bytes of ${budget}, ${cache.stats.evictions} evictions, RSS ${growth >= 0 ? "+" : ""}${(growth / 2 ** 20).toFixed(1)} MB over the last 150,000 keys`);
    expect(cache.stats.bytes).toBeLessThanOrEqual(budget);
    expect(cache.stats.evictions).toBeGreaterThan(150_000);
    expect(growth).toBeLessThan(16 * 2 ** 20);
}, 60_000);
