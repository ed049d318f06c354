import {describe, expect, test} from "bun:test";
import {brotliDecompressSync} from "node:zlib";
import {InMemoryCache} from "./index.ts";
import {ask, html, page} from "../../test/cache-pages.ts";

describe("InMemoryCache add/get", () => {
    test("stores once and answers each client in the coding it accepts", async () => {
        const cache = new InMemoryCache();
        const first = await cache.add("a.com/", page(), ask({"accept-encoding": "gzip"}), true);
        expect(first.headers.get("content-encoding")).toBe("gzip");
        expect(new TextDecoder().decode(Bun.gunzipSync(await first.bytes()))).toBe(html);

        const br = cache.get("a.com/", ask({"accept-encoding": "gzip, br"}))!;
        expect(br.headers.get("content-encoding")).toBe("br");
        const brBytes = await br.bytes();
        expect(br.headers.get("content-length")).toBe(String(brBytes.byteLength));
        expect(new TextDecoder().decode(brotliDecompressSync(brBytes))).toBe(html);
        expect(br.headers.get("vary")).toBe("Accept-Encoding");
        expect(br.headers.get("content-type")).toBe("text/html; charset=utf-8");

        const plain = cache.get("a.com/", ask({"accept-encoding": "identity"}))!;
        expect(plain.headers.get("content-encoding")).toBeNull();
        expect(plain.headers.get("content-length")).toBe(String(html.length));
        expect(await plain.text()).toBe(html);

        const forced = cache.get("a.com/", ask({"accept-encoding": "br"}), false)!;
        expect(forced.headers.get("content-encoding")).toBeNull();
        expect(await forced.text()).toBe(html);
    });

    test("keeps status and headers, drops hop-by-hop ones and merges Vary", async () => {
        const cache = new InMemoryCache({cacheableStatuses: [200, 404]});
        const original = page(html, {status: 404, headers: {"x-site": "docs", connection: "keep-alive", vary: "Origin", "content-encoding": "gzip", date: "Mon, 01 Jan 2001 00:00:00 GMT"}});
        await cache.add("a.com/missing", original, ask(), true);
        const hit = cache.get("a.com/missing", ask({"accept-encoding": "gzip"}))!;
        expect(hit.status).toBe(404);
        expect(hit.headers.get("x-site")).toBe("docs");
        expect(hit.headers.get("connection")).toBeNull();
        expect(hit.headers.get("date")).toBeNull();
        expect(hit.headers.get("vary")).toBe("Origin, Accept-Encoding");
        expect(hit.headers.get("content-encoding")).toBe("gzip");
    });

    test("small and already compressed bodies get no variant and no Vary", async () => {
        const cache = new InMemoryCache();
        await cache.add("a.com/tiny", page("<p>hi</p>"), ask(), true);
        await cache.add("a.com/logo.png", new Response(new Uint8Array(5_000), {headers: {"content-type": "image/png"}}), ask(), true);
        for (const key of ["a.com/tiny", "a.com/logo.png"]) {
            const hit = cache.get(key, ask({"accept-encoding": "gzip, br"}))!;
            expect(hit.headers.get("content-encoding")).toBeNull();
            expect(hit.headers.get("vary")).toBeNull();
        }
        const uncompressed = new InMemoryCache();
        await uncompressed.add("a.com/", page(), ask(), false);
        expect(uncompressed.get("a.com/", ask({"accept-encoding": "br"}))!.headers.get("content-encoding")).toBeNull();
    });
});

describe("limits, eviction and stats", () => {
    test("a flood of distinct keys stays within the byte budget and pushes out none of the keys stored first", async () => {
        const maxBytes = 2 * 1024 * 1024;
        const cache = new InMemoryCache({maxBytes});
        const body = new Uint8Array(1_000).fill(97);
        for (let i = 0; i < 100_000; i++) {
            await cache.add(`flood.com/${i}`, new Response(body, {headers: {"content-type": "text/plain"}}), ask(), true);
        }
        const stats = cache.stats;
        expect(stats.bytes).toBeLessThanOrEqual(maxBytes);
        // Keys offered once fill it while an entry of maxEntryBytes (maxBytes / 8) still fits.
        expect(stats.bytes).toBeGreaterThan(maxBytes * 0.8);
        expect(stats.entries).toBeLessThan(2_100);
        expect(stats.entries).toBeGreaterThan(1_000);
        expect(stats.evictions).toBe(0);
        expect(cache.get("flood.com/0", ask())).toBeDefined();
        expect(cache.get(`flood.com/${stats.entries - 1}`, ask())).toBeDefined();
        expect(cache.get("flood.com/99999", ask())).toBeUndefined();
    }, 10_000);

    test("maxEntries bounds the count and the least recently used goes first", async () => {
        const cache = new InMemoryCache({maxEntries: 2});
        await cache.add("a", page(), ask(), false);
        await cache.add("b", page(), ask(), false);
        cache.get("a", ask());
        await cache.add("c", page(), ask(), false);
        expect(cache.has("c")).toBe(false);
        // Offered a second time, "c" may push out the least recently used entry.
        await cache.add("c", page(), ask(), false);
        expect([cache.has("a"), cache.has("b"), cache.has("c")]).toEqual([true, false, true]);
        expect(cache.stats.evictions).toBe(1);
    });

    test("stats count hits, misses, entries and bytes; has/delete/clear", async () => {
        const cache = new InMemoryCache({maxBytes: 4 * 1024 * 1024});
        expect(cache.get("a.com/", ask())).toBeUndefined();
        await cache.add("a.com/", page(), ask(), true);
        expect(cache.has("a.com/")).toBe(true);
        cache.get("a.com/", ask());
        cache.get("a.com/", ask({"accept-encoding": "gzip"}));
        const {hits, misses, entries, bytes, evictions, maxBytes} = cache.stats;
        expect({hits, misses, entries, evictions, maxBytes}).toEqual({hits: 2, misses: 1, entries: 1, evictions: 0, maxBytes: 4 * 1024 * 1024});
        // The plain body plus two smaller variants, plus keys and headers.
        expect(bytes).toBeGreaterThan(html.length);
        expect(bytes).toBeLessThan(html.length * 2);
        expect(cache.delete("a.com/")).toBe(true);
        expect(cache.delete("a.com/")).toBe(false);
        await cache.add("a.com/1", page(), ask(), false);
        await cache.add("a.com/2", page(), ask(), false);
        cache.clear();
        expect(cache.stats).toMatchObject({entries: 0, bytes: 0, hits: 2, misses: 1});
    });

    test("wrong options are errors that say what to pass", () => {
        expect(() => new InMemoryCache({maxBytes: -1})).toThrow(/^jopi-rewrite: .*maxBytes/);
        expect(() => new InMemoryCache({maxBytes: 1000, maxEntryBytes: 2000})).toThrow(/^jopi-rewrite: .*maxEntryBytes/);
        expect(() => new InMemoryCache({cacheableStatuses: [100]})).toThrow(/^jopi-rewrite: .*cacheableStatuses/);
    });
});
