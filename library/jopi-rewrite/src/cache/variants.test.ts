import {expect, test} from "bun:test";
import {freePort} from "hot-harness";
import {InMemoryCache, type MemoryCacheOptions} from "./index.ts";
import {resolveCacheOptions} from "./options.ts";
import {createStore} from "./store.ts";
import {JopiServer} from "../server.ts";
import {WebSite} from "../website.ts";

const LANGUAGES = ["en", "fr", "de", "es", "it", "nl", "pt", "pl", "sv"];

/**
 * A website on a free port whose /page varies on Accept-Language and whose /other does not, both
 * cached in `cache`; /remove forgets /page. `renders` counts the pages rendered; stopped after `body`.
 */
async function withLanguageSite(options: MemoryCacheOptions, body: (get: (path: string, language?: string) => Promise<string>, renders: Map<string, number>, cache: InMemoryCache) => Promise<void>): Promise<void> {
    const cache = new InMemoryCache(options);
    const renders = new Map<string, number>();
    const rendered = (name: string) => renders.set(name, (renders.get(name) ?? 0) + 1);
    const port = await freePort();
    const server = new JopiServer();
    const site = server.addWebsite(new WebSite(`http://127.0.0.1:${port}`, {cache}));
    site.onGET("/page", async (req) => {
        const language = req.headers.get("accept-language") ?? "none";
        return (await req.getFromCache()) ?? req.addToCache_Compressed(req.htmlResponse(`<p>page in ${language} #${rendered(`page ${language}`).get(`page ${language}`)}</p>`, {headers: {vary: "Accept-Language"}}));
    });
    site.onGET("/other", async (req) => (await req.getFromCache()) ?? req.addToCache_Compressed(req.htmlResponse(`<p>other #${rendered("other").get("other")}</p>`)));
    site.onGET("/remove", async (req) => req.textResponse(String(await req.removeFromCache("/page"))));
    server.startServer();
    const get = async (path: string, language?: string) => {
        const response = await fetch(`http://127.0.0.1:${port}${path}`, {headers: language ? {"accept-language": language} : {}});
        expect(response.status).toBe(200);
        return response.text();
    };
    try {
        await body(get, renders, cache);
    } finally {
        await server.stopServer();
    }
}

test("Vary: Accept-Language keeps one page per language: en, fr, en answers the third from the cache", async () => {
    await withLanguageSite({}, async (get, renders, cache) => {
        expect(await get("/page", "en")).toBe("<p>page in en #1</p>");
        expect(await get("/page", "fr")).toBe("<p>page in fr #1</p>");
        const hits = cache.stats.hits;
        expect(await get("/page", "en")).toBe("<p>page in en #1</p>");
        expect(await get("/page", "fr")).toBe("<p>page in fr #1</p>");
        expect(await get("/page")).toBe("<p>page in none #1</p>");
        expect(await get("/page")).toBe("<p>page in none #1</p>");
        expect(cache.stats.hits).toBe(hits + 3);
        expect(renders.get("page en")).toBe(1);
    });
});

test("the 9th language replaces the oldest variant of the page, never another page", async () => {
    await withLanguageSite({}, async (get, renders) => {
        expect(await get("/other")).toBe("<p>other #1</p>");
        for (const language of LANGUAGES) await get("/page", language);
        // The first language stored is the one that left; the eight others are still there.
        for (const language of LANGUAGES.slice(1)) expect(await get("/page", language)).toBe(`<p>page in ${language} #1</p>`);
        expect(await get("/other")).toBe("<p>other #1</p>");
        expect(await get("/page", "en")).toBe("<p>page in en #2</p>");
        expect(renders.get("other")).toBe(1);
    });
});

test("maxVariants: 2 keeps the two languages stored last", async () => {
    await withLanguageSite({maxVariants: 2}, async (get, _renders, cache) => {
        for (const language of ["en", "fr", "de"]) await get("/page", language);
        expect(cache.stats.entries).toBe(2);
        expect(await get("/page", "fr")).toBe("<p>page in fr #1</p>");
        expect(await get("/page", "de")).toBe("<p>page in de #1</p>");
        expect(await get("/page", "en")).toBe("<p>page in en #2</p>");
    });
});

test("a language read often stays: the variant left out is the one least recently read, not the first stored", async () => {
    await withLanguageSite({maxVariants: 2}, async (get) => {
        expect(await get("/page", "en")).toBe("<p>page in en #1</p>");
        expect(await get("/page", "fr")).toBe("<p>page in fr #1</p>");
        expect(await get("/page", "en")).toBe("<p>page in en #1</p>");
        await get("/page", "de");
        expect(await get("/page", "en")).toBe("<p>page in en #1</p>");
        expect(await get("/page", "fr")).toBe("<p>page in fr #2</p>");
    });
});

test("removeFromCache drops every language of the page, and only that page", async () => {
    await withLanguageSite({}, async (get, _renders, cache) => {
        await get("/other");
        for (const language of ["en", "fr", "de"]) await get("/page", language);
        expect(cache.stats.entries).toBe(4);
        expect(await get("/remove")).toBe("true");
        expect(cache.stats.entries).toBe(1);
        for (const language of ["en", "fr", "de"]) expect(await get("/page", language)).toBe(`<p>page in ${language} #2</p>`);
        expect(await get("/other")).toBe("<p>other #1</p>");
    });
});

test("a page that stops varying replaces all its variants, and one that starts varying replaces the plain one", async () => {
    const cache = new InMemoryCache();
    const key = "http://a.com/page";
    const varying = (text: string) => new Response(text, {headers: {"content-type": "text/html", vary: "Accept-Language"}});
    const en = new Headers({"accept-language": "en"});
    const fr = new Headers({"accept-language": "fr"});
    await cache.add(key, varying("en"), en, false);
    await cache.add(key, varying("fr"), fr, false);
    await cache.add(key, new Response("plain", {headers: {"content-type": "text/html"}}), en, false);
    expect(cache.stats.entries).toBe(1);
    expect(await cache.get(key, fr)?.text()).toBe("plain");
    await cache.add(key, varying("fr again"), fr, false);
    expect(cache.stats.entries).toBe(1);
    expect(cache.get(key, en)).toBeUndefined();
    expect(await cache.get(key, fr)?.text()).toBe("fr again");
    expect(cache.has(key)).toBe(true);
    expect(cache.delete(key)).toBe(true);
    expect(cache.has(key)).toBe(false);
    expect(cache.stats.entries).toBe(0);
});

test("new limits keep the lists right: a lower maxVariants drops the oldest variants, a smaller cache unlists those it leaves behind", async () => {
    const store = createStore(resolveCacheOptions());
    const cache = new InMemoryCache(undefined, store);
    const key = "http://a.com/page";
    const asking = (language: string) => new Headers({"accept-language": language});
    for (const language of ["en", "fr", "de", "es"]) await cache.add(key, new Response(language, {headers: {"content-type": "text/html", vary: "Accept-Language"}}), asking(language), false);
    new InMemoryCache({maxVariants: 2}, store);
    expect(cache.stats.entries).toBe(2);
    expect(cache.get(key, asking("fr"))).toBeUndefined();
    expect(await cache.get(key, asking("es"))?.text()).toBe("es");
    // Room for one entry: the most recently used stays, the other leaves its list.
    new InMemoryCache({maxVariants: 2, maxBytes: 1000, maxEntryBytes: 1000}, store);
    expect(cache.stats.entries).toBe(1);
    expect(await cache.get(key, asking("es"))?.text()).toBe("es");
    expect(store.varied.get(key)?.keys).toEqual([`${key}\u0000es`]);
    cache.delete(key);
    expect(cache.has(key)).toBe(false);
    expect(store.varied.size).toBe(0);
});
