import {expect, test} from "bun:test";
import {freePort} from "hot-harness";
import {InMemoryCache, initMemoryCache, JopiServer, WebSite} from "jopi-rewrite";

test("200,000 distinct query strings against a cached route stay within the byte budget, push nothing out, and hot entries keep hitting", async () => {
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
    // Once the cache is full, keys asked for once stay out: none pushes another out.
    expect(cache.stats.evictions).toBe(0);
    expect(growth).toBeLessThan(16 * 2 ** 20);
}, 60_000);

// A search page of about 20 KB: worth compressing, and small enough for a cache of a few dozen.
const render = (query: string) => `<p>results for ${query}: the quick brown fox jumps over the lazy dog</p>\n`.repeat(250);

/** A website on a free port whose /search page is cached in `cache`; stopped after `body`. */
async function withSearchSite(cache: InMemoryCache, body: (get: (query: string) => Promise<Response>) => Promise<void>): Promise<void> {
    const port = await freePort();
    const server = new JopiServer();
    server.addWebsite(new WebSite(`http://127.0.0.1:${port}`, {cache})).onGET("/search", async (req) => {
        return (await req.getFromCache()) ?? req.addToCache_Compressed(req.htmlResponse(render(req.searchParams.get("q") ?? "")));
    });
    server.startServer();
    const get = (query: string) => fetch(`http://127.0.0.1:${port}/search?q=${query}`, {headers: {"accept-encoding": "gzip"}, decompress: false});
    try {
        await body(get);
    } finally {
        await server.stopServer();
    }
}

test("over sockets, a flood of unique query strings does not push out the pages read often", async () => {
    const budget = 1024 * 1024;
    const cache = new InMemoryCache({maxBytes: budget});
    await withSearchSite(cache, async (get) => {
        const popular = Array.from({length: 20}, (_, i) => `popular-${i}`);
        for (const query of popular) await (await get(query)).arrayBuffer();
        let popularAsked = 0;
        const hitsBefore = cache.stats.hits;
        for (let i = 0; i < 2_000; i++) {
            await (await get(`flood-${i}-${Math.random()}`)).arrayBuffer();
            if (i % 10 === 0) {
                await (await get(popular[popularAsked % popular.length]!)).arrayBuffer();
                popularAsked++;
            }
        }
        const popularHits = cache.stats.hits - hitsBefore;
        console.log(`cache flood over sockets: ${popularHits} of ${popularAsked} popular requests were hits; ${cache.stats.entries} entries, ${cache.stats.bytes} of ${budget} bytes, ${cache.stats.evictions} evictions`);
        expect(cache.stats.bytes).toBeLessThanOrEqual(budget);
        expect(popularHits / popularAsked).toBeGreaterThanOrEqual(0.95);
    });
}, 120_000);

test("over sockets, a page first seen when the cache is full goes out as rendered, and is stored compressed when asked again", async () => {
    const cache = new InMemoryCache({maxBytes: 256 * 1024});
    await withSearchSite(cache, async (get) => {
        // While there is room, a page is stored and compressed at once, as the examples show.
        const first = await get("first");
        expect(first.headers.get("content-encoding")).toBe("gzip");
        await first.arrayBuffer();
        // Pages asked once, until one of them no longer gets in: the cache is full.
        let entries = 0;
        for (let i = 0; i < 1_000 && cache.stats.entries > entries; i++) {
            entries = cache.stats.entries;
            await (await get(`fill-${i}`)).arrayBuffer();
        }
        expect(cache.stats.entries).toBe(entries);

        const once = await get("new-page");
        expect(once.headers.get("content-encoding")).toBeNull();
        expect(once.headers.get("vary")).toBeNull();
        expect(await once.text()).toBe(render("new-page"));
        expect(cache.stats.entries).toBe(entries);

        const again = await get("new-page");
        expect(again.headers.get("content-encoding")).toBe("gzip");
        expect(new TextDecoder().decode(Bun.gunzipSync(await again.bytes()))).toBe(render("new-page"));
        const hitsBefore = cache.stats.hits;
        const third = await get("new-page");
        expect(third.headers.get("content-encoding")).toBe("gzip");
        await third.arrayBuffer();
        expect(cache.stats.hits).toBe(hitsBefore + 1);
    });
}, 60_000);
