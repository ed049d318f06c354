// Against a real redis-server (installed with apt when missing). Two caches that reach the same
// server by two spellings of its address stand for two processes: each has its own connections,
// its own first tier and its own identity on the invalidation channel.
import {afterAll, beforeAll, expect, spyOn, test} from "bun:test";
import {RedisServer} from "hot-harness";
import {cacheKeyOf, InMemoryCache, initSharedCache, type SharedCache} from "../index.ts";
import {ask, html, page} from "../../../test/cache-pages.ts";
import {decodeEntry, encodeEntry} from "./entry-codec.ts";
import {JopiRequest} from "../../request.ts";

let redis: RedisServer;
const opened: SharedCache[] = [];
let namespaceCount = 0;

beforeAll(async () => {
    redis = await RedisServer.start();
}, 180_000);

afterAll(async () => {
    for (const cache of opened) cache.close();
    await redis?.stop();
});

/** Two processes' views of one website's shared cache, in a namespace of their own. */
async function twoProcesses(options: {ttlSeconds?: number; maxEntryBytes?: number; timeoutMs?: number} = {}): Promise<[SharedCache, SharedCache, string]> {
    const namespace = `test${++namespaceCount}`;
    const [a, b] = [redis.url, redis.url.replace("127.0.0.1", "localhost")].map((url) => {
        const cache = initSharedCache({url, namespace, firstTier: new InMemoryCache(), ...options});
        opened.push(cache);
        return cache.forWebsite("http://a.com");
    }) as [SharedCache, SharedCache];
    // The first connection is made in the background: wait until both answer and hear each other.
    while (!a.stats.connected || !b.stats.connected) await Bun.sleep(5);
    await redis.subscribed(`${namespace}:invalidate`, 2);
    return [a, b, `${namespace}|http://a.com a.com/`];
}

test("an entry stored by one process is served by another with the same codings, tags, Vary and 304s", async () => {
    const [a, b, redisKey] = await twoProcesses();
    const stored = await a.add("a.com/", page(html, {headers: {"cache-control": "max-age=60"}}), ask({"accept-encoding": "gzip"}), true);
    expect(stored.headers.get("content-encoding")).toBe("gzip");

    // Redis holds every coding, compressed once, by the process that stored it.
    const inRedis = decodeEntry((await getText(redisKey))!, redisKey, readOptions);
    if (typeof inRedis === "string") throw new Error(inRedis);
    expect(inRedis.bodies.map(([coding]) => coding)).toEqual(["identity", "gzip", "br"]);

    const fromRedis = await b.get("a.com/", ask({"accept-encoding": "br"}));
    expect(fromRedis!.headers.get("content-encoding")).toBe("br");
    expect(new Uint8Array(await fromRedis!.arrayBuffer())).toEqual(inRedis.bodies[2]![1]);
    expect(fromRedis!.headers.get("vary")).toBe("Accept-Encoding");
    expect(fromRedis!.headers.get("cache-control")).toBe("max-age=60");
    const tag = fromRedis!.headers.get("etag")!;
    expect(tag).toBe(stored.headers.get("etag")!.replace("-gz", "-br"));

    // Now in b's first tier: answered at once, without a promise.
    const plain = b.get("a.com/", ask({"accept-encoding": "identity"}));
    expect(plain).toBeInstanceOf(Response);
    expect(await (plain as Response).text()).toBe(html);
    const notModified = b.get("a.com/", ask({"accept-encoding": "gzip", "if-none-match": tag})) as Response;
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get("etag")).toBe(tag.replace("-br", "-gz"));
    expect(b.stats).toMatchObject({sharedHits: 1, hits: 2, unreadable: 0});
});

const readOptions = {maxEntryBytes: 1 << 20, cacheableStatuses: [200]};

async function getText(key: string): Promise<string | null> {
    const client = new Bun.RedisClient(redis.url);
    try {
        return await client.get(key);
    } finally {
        client.close();
    }
}

test("a removal on one process is a miss on every process and in Redis", async () => {
    const [a, b, redisKey] = await twoProcesses();
    await a.add("a.com/", page(), ask(), true);
    expect(await b.get("a.com/", ask())).toBeInstanceOf(Response);
    expect(b.get("a.com/", ask())).toBeInstanceOf(Response); // in b's first tier now

    expect(await b.delete("a.com/")).toBe(true);
    expect(await redis.command("EXISTS", [redisKey])).toBe(0);
    await Bun.sleep(20); // the message on the channel
    expect(await a.get("a.com/", ask())).toBeUndefined();
    expect(await b.get("a.com/", ask())).toBeUndefined();
    expect(await a.has("a.com/")).toBe(false);
});

test("storing a new version drops the other processes' first-tier copy of the old one", async () => {
    const [a, b] = await twoProcesses();
    await a.add("a.com/", page("<p>v1</p>"), ask(), true);
    expect(await (await b.get("a.com/", ask()))!.text()).toBe("<p>v1</p>");
    await a.add("a.com/", page("<p>v2</p>"), ask(), true);
    await Bun.sleep(20);
    expect(await (await b.get("a.com/", ask()))!.text()).toBe("<p>v2</p>");
});

test("clear() empties the website's entries everywhere and leaves other websites' alone", async () => {
    const [a, b] = await twoProcesses();
    const otherSite = a.forWebsite("http://b.com");
    await a.add("a.com/1", page(), ask(), true);
    await a.add("a.com/2", page(), ask(), true);
    await otherSite.add("b.com/1", page(), ask(), true);
    await b.get("a.com/1", ask());
    await b.clear();
    await Bun.sleep(20);
    for (const cache of [a, b]) {
        expect(await cache.get("a.com/1", ask())).toBeUndefined();
        expect(await cache.get("a.com/2", ask())).toBeUndefined();
    }
    expect(await otherSite.get("b.com/1", ask())).toBeInstanceOf(Response);
});

test("the same key on two websites gives each its own entry", async () => {
    const [a] = await twoProcesses();
    const other = a.forWebsite("http://other.com");
    await a.add("x/", page("<p>a.com</p>"), ask(), true);
    expect(await other.get("x/", ask())).toBeUndefined();
    await other.add("x/", page("<p>other.com</p>"), ask(), true);
    expect(await (await a.get("x/", ask()))!.text()).toBe("<p>a.com</p>");
});

test("entries expire after ttlSeconds, or after the response's s-maxage, in both tiers", async () => {
    const [a, b, redisKey] = await twoProcesses({ttlSeconds: 1});
    await a.add("a.com/", page(), ask(), true);
    await a.add("a.com/long", page(html, {headers: {"cache-control": "public, s-maxage=30"}}), ask(), true);
    expect(await b.get("a.com/", ask())).toBeInstanceOf(Response);
    const ttl = (await redis.command("PTTL", [redisKey])) as number;
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(1000);
    expect((await redis.command("PTTL", [`${redisKey}long`])) as number).toBeGreaterThan(29_000);
    await Bun.sleep(1100);
    expect(await a.get("a.com/", ask())).toBeUndefined();
    expect(await b.get("a.com/", ask())).toBeUndefined();
    expect(await b.get("a.com/long", ask())).toBeInstanceOf(Response);
});

test("a response over maxEntryBytes is answered whole and stored nowhere; s-maxage=0 is not stored", async () => {
    const [a, b, redisKey] = await twoProcesses({maxEntryBytes: 4096});
    const answer = await a.add("a.com/", page(html), ask({"accept-encoding": "gzip"}), true);
    expect(await answer.text()).toBe(html);
    expect(await redis.command("EXISTS", [redisKey])).toBe(0);
    expect(await b.get("a.com/", ask())).toBeUndefined();
    await a.add("a.com/", page("<p>fresh</p>", {headers: {"cache-control": "s-maxage=0"}}), ask(), true);
    expect(await redis.command("EXISTS", [redisKey])).toBe(0);
});

test("an unreadable entry in Redis is never served, and the next response stored replaces it", async () => {
    const [a, b, redisKey] = await twoProcesses();
    await a.add("a.com/", page(), ask(), true);
    const good = Uint8Array.fromBase64((await getText(redisKey))!);
    const otherVersion = good.slice();
    otherVersion[4] = 99;
    const textOf = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");
    const client = new Bun.RedisClient(redis.url);
    try {
        const badHeader = encodeEntry({status: 200, statusText: "", headers: [["a header name with spaces", "x"]], bodies: [["identity", new TextEncoder().encode("<p>x</p>")]]}, redisKey);
        for (const bad of [textOf(good.slice(0, good.byteLength - 100)), textOf(otherVersion), "not ours", badHeader]) {
            await client.set(redisKey, bad);
            expect(await b.get("a.com/", ask())).toBeUndefined();
        }
        expect(b.stats.unreadable).toBe(4);
        expect(b.stats.sharedHits).toBe(0);
        await b.add("a.com/", page("<p>replaced</p>"), ask(), true);
        const replaced = decodeEntry((await client.get(redisKey))!, redisKey, readOptions);
        expect(typeof replaced === "string" ? replaced : new TextDecoder().decode(replaced.bodies[0]![1])).toBe("<p>replaced</p>");
    } finally {
        client.close();
    }
});

test("a full Redis that refuses new entries (noeviction) is logged once, and pages are still answered", async () => {
    const [a, b] = await twoProcesses();
    const logged: string[] = [];
    const spy = spyOn(console, "error").mockImplementation((line: string) => void logged.push(line));
    await redis.command("CONFIG", ["SET", "maxmemory-policy", "noeviction"]);
    await redis.command("CONFIG", ["SET", "maxmemory", "1"]);
    try {
        for (let i = 0; i < 3; i++) expect(await (await a.add(`a.com/${i}`, page(), ask(), true)).text()).toBe(html);
        expect(a.get("a.com/0", ask())).toBeInstanceOf(Response); // still in its first tier
        expect(await b.get("a.com/0", ask())).toBeUndefined();
    } finally {
        await redis.command("CONFIG", ["SET", "maxmemory", "0"]);
        spy.mockRestore();
    }
    expect(logged.filter((line) => line.includes("refused a command"))).toHaveLength(1);
    expect(logged[0]).toContain(`Redis at ${redis.url} refused a command of the shared cache: OOM`);
    expect(a.stats.connected).toBe(true);
});

test("an answer from Redis overtaken by a newer page is served once, never kept over the newer one", async () => {
    const [a, b, redisKey] = await twoProcesses({timeoutMs: 5000});
    // a's message about v1 is published after its add resolves: b must have heard it before v2,
    // or it drops v2 from its first tier (harmless, but not what this test looks at).
    const listener = new Bun.RedisClient(redis.url);
    const published = Promise.withResolvers<void>();
    try {
        await listener.subscribe(`${redisKey.split("|")[0]}:invalidate`, () => published.resolve());
        await a.add("a.com/", page("<p>v1</p>"), ask(), true);
        await published.promise;
    } finally {
        listener.close();
    }
    await Bun.sleep(20);
    // Frozen, Redis answers the lookup (v1) only after the new page (v2) is stored here.
    redis.pause();
    const lookup = b.get("a.com/", ask());
    const storing = b.add("a.com/", page("<p>v2</p>"), ask(), true);
    await Bun.sleep(50);
    redis.unpause();
    expect(await (await lookup)!.text()).toBe("<p>v1</p>");
    await storing;
    const now = b.get("a.com/", ask());
    expect(now).toBeInstanceOf(Response);
    expect(await (now as Response).text()).toBe("<p>v2</p>");
});

test("getFromCacheOr renders a miss once, and answers a first-tier hit at once, not as a promise", async () => {
    const [a, b] = await twoProcesses();
    let renders = 0;
    const handler = (cache: SharedCache) => {
        const req = new JopiRequest(new Request("http://a.com/or"), "http://a.com/or", {}, {cache, hostname: "a.com", port: 80, cacheKeyOf});
        return req.getFromCacheOr(() => page(`render #${++renders}`));
    };
    const first = await handler(a);
    expect([await first.text(), renders]).toEqual(["render #1", 1]);
    const inMemory = handler(a);
    expect(inMemory).toBeInstanceOf(Response);
    expect(await (inMemory as Response).text()).toBe("render #1");
    // Another process: promises of Redis's answer until its first tier keeps the entry, which it
    // does once a's announcement of the new entry has reached it; never a second render.
    let answer = handler(b);
    expect(answer).toBeInstanceOf(Promise);
    for (let tries = 0; tries < 200 && answer instanceof Promise; tries++) {
        expect(await (await answer).text()).toBe("render #1");
        await Bun.sleep(5);
        answer = handler(b);
    }
    expect(answer).toBeInstanceOf(Response);
    expect(renders).toBe(1);
});
