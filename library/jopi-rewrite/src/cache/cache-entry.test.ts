import {describe, expect, test} from "bun:test";
import {InMemoryCache} from "./index.ts";
import {ask, html, page} from "../../test/cache-pages.ts";

describe("ETag and If-None-Match", () => {
    test("each coding has its own strong tag and any of them gives a 304", async () => {
        const cache = new InMemoryCache();
        await cache.add("a.com/", page(html, {headers: {"cache-control": "max-age=60"}}), ask(), true);
        const plainTag = cache.get("a.com/", ask())!.headers.get("etag")!;
        const gzTag = cache.get("a.com/", ask({"accept-encoding": "gzip"}))!.headers.get("etag")!;
        const brTag = cache.get("a.com/", ask({"accept-encoding": "br"}))!.headers.get("etag")!;
        expect(plainTag).toMatch(/^"[0-9a-f]+"$/);
        expect(gzTag).toBe(plainTag.replace(/"$/, '-gz"'));
        expect(brTag).toBe(plainTag.replace(/"$/, '-br"'));

        for (const condition of [brTag, `W/${gzTag}`, `"other", ${plainTag}`, "*"]) {
            const answer = cache.get("a.com/", ask({"accept-encoding": "br", "if-none-match": condition}))!;
            expect(answer.status).toBe(304);
            expect(answer.headers.get("etag")).toBe(brTag);
            expect(answer.headers.get("vary")).toBe("Accept-Encoding");
            expect(answer.headers.get("cache-control")).toBe("max-age=60");
            expect(await answer.text()).toBe("");
        }
        const changed = cache.get("a.com/", ask({"if-none-match": '"0123"'}))!;
        expect(changed.status).toBe(200);
        expect(cache.stats.hits).toBe(8);
    });

    test("a cached 404 is never turned into a 304", async () => {
        const cache = new InMemoryCache({cacheableStatuses: [404]});
        await cache.add("a.com/x", page(html, {status: 404}), ask(), true);
        expect(cache.get("a.com/x", ask({"if-none-match": "*"}))!.status).toBe(404);
    });
});

describe("what is not stored", () => {
    test("statuses outside cacheableStatuses, Set-Cookie, no-store, private and Vary: *", async () => {
        const cache = new InMemoryCache();
        const refused: [string, Response][] = [
            ["status", page(html, {status: 404})],
            ["cookie", page(html, {headers: {"set-cookie": "session=1"}})],
            ["no-store", page(html, {headers: {"cache-control": "public, no-store"}})],
            ["private", page(html, {headers: {"cache-control": "private, max-age=60"}})],
            ["vary", page(html, {headers: {vary: "*"}})],
        ];
        for (const [key, response] of refused) {
            const answer = await cache.add(key, response, ask(), true);
            expect(answer).toBe(response);
            expect(await answer.text()).toBe(html);
            expect(cache.has(key)).toBe(false);
        }
        expect(cache.stats.entries).toBe(0);
    });

    test("an entry larger than maxEntryBytes comes back whole but uncached, streamed or not", async () => {
        const cache = new InMemoryCache({maxBytes: 1_000_000, maxEntryBytes: 10_000});
        const big = "x".repeat(50_000);
        const declared = await cache.add("a.com/big", new Response(big, {headers: {"content-length": "50000"}}), ask(), true);
        expect(await declared.text()).toBe(big);
        const chunks = [big.slice(0, 8_000), big.slice(8_000, 30_000), big.slice(30_000)];
        const stream = new ReadableStream({pull(c) { const next = chunks.shift(); if (next) c.enqueue(new TextEncoder().encode(next)); else c.close(); }});
        const streamed = await cache.add("a.com/stream", new Response(stream, {status: 200}), ask(), true);
        expect(streamed.status).toBe(200);
        expect(await streamed.text()).toBe(big);
        expect(cache.has("a.com/big") || cache.has("a.com/stream")).toBe(false);
    });

    test("a refused response also removes the older entry of its key", async () => {
        const cache = new InMemoryCache();
        await cache.add("a.com/", page(), ask(), true);
        await cache.add("a.com/", page(html, {headers: {"set-cookie": "a=1"}}), ask(), true);
        expect(cache.has("a.com/")).toBe(false);
    });

    test("a body that was already read is an error saying what to do", async () => {
        const response = page();
        await response.text();
        await expect(new InMemoryCache().add("a.com/", response, ask(), true)).rejects.toThrow(/^jopi-rewrite: .*clone\(\)/);
    });
});
