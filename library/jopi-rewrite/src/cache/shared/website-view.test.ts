// The shape the shared tier presents to a website (the tier contract), against a real redis-server:
// keys that start with the origin a worker answers at are shared by every worker of the website,
// and what Redis cannot keep apart is not stored.
import {afterAll, beforeAll, expect, test} from "bun:test";
import {RedisServer} from "hot-harness";
import {InMemoryCache, initSharedCache, WebSite, type SharedCache} from "../../implementation.ts";
import {ask, html, page} from "../../../test/cache-pages.ts";

let redis: RedisServer;
const opened: SharedCache[] = [];

beforeAll(async () => {
    redis = await RedisServer.start();
}, 180_000);

afterAll(async () => {
    for (const cache of opened) cache.close();
    await redis?.stop();
});

/** The same website declared by two workers, each answering on its own port (PORT), with its own first tier. */
async function twoWorkers(namespace: string): Promise<[WebSite, WebSite]> {
    const sites = [4001, 4002].map((port, i) => {
        const shared = initSharedCache({url: i === 0 ? redis.url : redis.url.replace("127.0.0.1", "localhost"), namespace, firstTier: new InMemoryCache()});
        opened.push(shared);
        process.env.PORT = String(port);
        try {
            return new WebSite("http://a.com", {cache: shared});
        } finally {
            delete process.env.PORT;
        }
    }) as [WebSite, WebSite];
    while (!sites.every((site) => (site.cache as SharedCache).stats.connected)) await Bun.sleep(5);
    return sites;
}

test("workers on other ports share an entry under the declared origin and the path", async () => {
    const [one, two] = await twoWorkers("view1");
    await one.cache.add(one.cacheKeyOf("http://a.com:4001/page?x=1"), page(), ask(), true);
    expect(await redis.command("KEYS", ["view1|*"])).toEqual(["view1|http://a.com /page?x=1"]);
    const hit = await two.cache.get(two.cacheKeyOf("http://localhost:4002/page?x=1"), ask());
    expect(await hit?.text()).toBe(html);
    expect(await two.cache.delete(two.cacheKeyOf("http://a.com:4002/page?x=1"))).toBe(true);
    // The other worker drops its first-tier copy when the announcement reaches it.
    const stillThere = () => one.cache.has(one.cacheKeyOf("http://a.com:4001/page?x=1"));
    let kept = await stillThere();
    for (let tries = 0; tries < 400 && kept; tries++) {
        await Bun.sleep(5);
        kept = await stillThere();
    }
    expect(kept).toBe(false);
});

test("a response that varies on request headers is answered and not stored; nor is one for a request with credentials", async () => {
    const [one] = await twoWorkers("view2");
    const key = one.cacheKeyOf("http://a.com:4001/lang");
    const answer = await one.cache.add(key, page("english", {headers: {vary: "Accept-Language"}}), ask({"accept-language": "en"}), true);
    expect(await answer.text()).toBe("english");
    await one.cache.add(one.cacheKeyOf("http://a.com:4001/me"), page("alice"), ask({authorization: "Bearer alice"}), true);
    expect(await one.cache.has(key)).toBe(false);
    expect(await redis.command("KEYS", ["view2|*"])).toEqual([]);
});
