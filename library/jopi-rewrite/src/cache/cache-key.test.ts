import {describe, expect, test} from "bun:test";
import {cacheKeyOf, InMemoryCache} from "./index.ts";

describe("cacheKeyOf", () => {
    test("two websites never share an entry", async () => {
        const a = cacheKeyOf(new URL("https://a.com/news?page=2#top"));
        const b = cacheKeyOf(new URL("https://b.com/news?page=2"));
        const port = cacheKeyOf(new URL("http://a.com:8080/news?page=2"));
        expect(a).toBe("a.com/news?page=2");
        expect(b).toBe("b.com/news?page=2");
        expect(port).toBe("a.com:8080/news?page=2");
        expect(cacheKeyOf(new URL("http://a.com/news?page=2"))).toBe(a);
        const cache = new InMemoryCache();
        await cache.add(a, new Response("site A".repeat(200)), new Headers(), true);
        expect(cache.get(b, new Headers())).toBeUndefined();
        expect(cache.get(port, new Headers())).toBeUndefined();
        expect(await cache.get(a, new Headers())!.text()).toBe("site A".repeat(200));
    });

    test("a request's url string gives the same key as its URL, so removeFromCache(url) finds what a request stored", () => {
        for (const href of ["http://a.com/news?page=2", "https://a.com:8443/x/y", "http://[::1]:3000/?q=%20"]) {
            expect(cacheKeyOf(href)).toBe(cacheKeyOf(new URL(href)));
        }
    });
});
