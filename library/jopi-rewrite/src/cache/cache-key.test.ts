import {describe, expect, test} from "bun:test";
import {WebSite} from "../website.ts";
import {cacheKeyMaker, cacheKeyOf, InMemoryCache} from "./index.ts";

describe("cacheKeyOf", () => {
    test("two websites never share an entry, and the fragment is no part of the key", async () => {
        const a = cacheKeyOf(new URL("https://a.com/news?page=2#top"));
        const b = cacheKeyOf(new URL("https://b.com/news?page=2"));
        const port = cacheKeyOf(new URL("https://a.com:8443/news?page=2"));
        expect([a, b, port]).toEqual(["https://a.com/news?page=2", "https://b.com/news?page=2", "https://a.com:8443/news?page=2"]);
        expect(cacheKeyOf("https://a.com:443/news?page=2")).toBe(a);
        const cache = new InMemoryCache();
        await cache.add(a, new Response("site A".repeat(200)), new Headers(), true);
        expect(cache.get(b, new Headers())).toBeUndefined();
        expect(cache.get(port, new Headers())).toBeUndefined();
        expect(await cache.get(a, new Headers())!.text()).toBe("site A".repeat(200));
    });

    test("is the key a website at that URL's origin keeps, so removing by URL finds what a request stored", () => {
        const keyOf = cacheKeyMaker("http://127.0.0.1:3000");
        for (const href of ["http://127.0.0.1:3000/news?page=2", "http://127.0.0.1:3000/", "http://127.0.0.1:3000/?q=%20"]) {
            expect(keyOf(href)).toBe(cacheKeyOf(href));
        }
    });
});

describe("cacheKeyMaker", () => {
    const origin = "http://127.0.0.1:3000";

    test("keys by the website's origin, whatever host or port the request named", () => {
        const keyOf = cacheKeyMaker(origin);
        const own = "http://127.0.0.1:3000/page?x=1";
        expect(keyOf(own)).toBe(own);
        for (const other of ["http://127.0.0.1:3001/page?x=1", "http://localhost:3001/page?x=1", "http://127.0.0.1/page?x=1", "http://127.0.0.1:30000/page?x=1#frag"]) {
            expect(keyOf(other)).toBe(own);
        }
    });

    test("ignore drops the query; an allow-list keeps its parameters only, sorted", () => {
        expect(cacheKeyMaker(origin, "ignore")(`${origin}/list?a=1&b=2#x`)).toBe(`${origin}/list`);
        const allow = cacheKeyMaker(origin, ["page", "sort"]);
        expect(allow(`${origin}/list?utm_source=x&sort=name&page=2`)).toBe(`${origin}/list?page=2&sort=name`);
        expect(allow(`${origin}/list?page=2&sort=name`)).toBe(`${origin}/list?page=2&sort=name`);
        expect(allow(`${origin}/list?fbclid=1`)).toBe(`${origin}/list`);
        expect(allow(`${origin}/list`)).toBe(`${origin}/list`);
    });
});

test("a cacheQuery that is not a policy is an error that says what to pass", () => {
    expect(() => new WebSite("http://127.0.0.1:3000", {cacheQuery: "all" as never})).toThrow(
        'jopi-rewrite: the cacheQuery of http://127.0.0.1:3000 is "all"; pass "keep", "ignore" or the names of the parameters that change the page, like ["page"].',
    );
    expect(new WebSite("http://127.0.0.1:3000", {cacheQuery: ["page"]}).cacheKeyOf("http://localhost:3000/a?x=1&page=2")).toBe("http://127.0.0.1:3000/a?page=2");
});

test("cacheKeyOf gives the key the request helpers use, for every form of URL a request can have", () => {
    const keyOf = cacheKeyMaker("http://127.0.0.1:3000");
    for (const href of ["http://127.0.0.1:3000/x", "http://127.0.0.1:3000/x?", "http://127.0.0.1:3000/x?a=1#top", "http://127.0.0.1:3000/x#", "http://127.0.0.1:3000/"]) {
        expect(cacheKeyOf(href)).toBe(keyOf(href));
        expect(cacheKeyOf(new URL(href))).toBe(keyOf(href));
    }
});
