import {describe, expect, test} from "bun:test";
import {InMemoryCache} from "./index.ts";
import {answersCredentials, refusalOf} from "./storable.ts";
import {ask, html, page} from "../../test/cache-pages.ts";

const rules = {cacheableStatuses: [200], varyOnCredentials: false};

describe("Vary and credentials", () => {
    test("an entry that varies answers only the values it was stored for; one entry per combination of values", async () => {
        const cache = new InMemoryCache();
        const varying = () => page(html, {headers: {vary: "Accept-Language"}});
        await cache.add("http://a.com/", varying(), ask({"accept-language": "en"}), true);
        expect(cache.get("http://a.com/", ask({"accept-language": "en", "accept-encoding": "br"}))?.headers.get("vary")).toBe("Accept-Language, Accept-Encoding");
        expect(cache.get("http://a.com/", ask({"accept-language": "fr"}))).toBeUndefined();
        expect(cache.get("http://a.com/", ask())).toBeUndefined();
        await cache.add("http://a.com/", varying(), ask({"accept-language": "fr"}), true);
        expect(cache.get("http://a.com/", ask({"accept-language": "fr"}))).toBeInstanceOf(Response);
        expect(cache.get("http://a.com/", ask({"accept-language": "en"}))).toBeInstanceOf(Response);
        expect(cache.get("http://a.com/", ask({"accept-language": "de"}))).toBeUndefined();
        expect(cache.stats.entries).toBe(2);
    });

    test("Vary: Cookie or Authorization is refused unless varyOnCredentials; then it serves the same visitor only", async () => {
        for (const vary of ["Cookie", "accept-language, AUTHORIZATION"]) {
            expect(refusalOf(page(html, {headers: {vary}}), rules)).toContain("which hold who the visitor is");
        }
        const cache = new InMemoryCache({varyOnCredentials: true});
        await cache.add("http://a.com/", page("alice", {headers: {vary: "Cookie"}}), ask({cookie: "user=alice"}), false);
        expect(await cache.get("http://a.com/", ask({cookie: "user=alice"}))?.text()).toBe("alice");
        expect(cache.get("http://a.com/", ask({cookie: "user=bob"}))).toBeUndefined();
        expect(cache.get("http://a.com/", ask())).toBeUndefined();
    });

    test("the answer to a request with Authorization is stored only when it says public, s-maxage or must-revalidate", () => {
        const withCredentials = ask({authorization: "Bearer x"});
        expect(answersCredentials(page(), withCredentials)).toBe(true);
        expect(answersCredentials(page(html, {headers: {"cache-control": "max-age=60"}}), withCredentials)).toBe(true);
        expect(answersCredentials(page(), ask())).toBe(false);
        for (const cacheControl of ["public, max-age=60", "s-maxage=60", "must-revalidate"]) {
            expect(answersCredentials(page(html, {headers: {"cache-control": cacheControl}}), withCredentials)).toBe(false);
        }
    });
});
