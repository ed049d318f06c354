// What the shared tier does with what it reads from Redis, against a real redis-server: anyone who
// can reach the server can write any key and publish on any channel, so nothing read is trusted.
import {afterAll, beforeAll, expect, spyOn, test} from "bun:test";
import {RedisServer} from "hot-harness";
import {InMemoryCache, initSharedCache, type SharedCache, type SharedCacheOptions} from "../index.ts";
import {ask, html, page} from "../../../test/cache-pages.ts";
import {encodeEntry} from "./entry-codec.ts";

let redis: RedisServer;
let intruder: Bun.RedisClient;
const opened: SharedCache[] = [];
let namespaceCount = 0;

beforeAll(async () => {
    redis = await RedisServer.start();
    intruder = new Bun.RedisClient(redis.url);
}, 180_000);

afterAll(async () => {
    for (const cache of opened) cache.close();
    intruder?.close();
    await redis?.stop();
});

type Options = Omit<SharedCacheOptions, "url"> & {secret?: string};

// A process's view of website http://a.com. Each `process` spells the address its own way, so
// that each has its own connections, first tier and identity, as separate processes do.
async function processView(namespace: string, process: 0 | 1 | 2, options: Options = {}): Promise<SharedCache> {
    const url = [redis.url, redis.url.replace("127.0.0.1", "localhost"), `${redis.url}/0`][process]!;
    const cache = initSharedCache({url, namespace, firstTier: new InMemoryCache(), ...options} as SharedCacheOptions);
    opened.push(cache);
    while (!cache.stats.connected) await Bun.sleep(5);
    return cache.forWebsite("http://a.com");
}

async function twoProcesses(options: Options = {}): Promise<[SharedCache, SharedCache, string]> {
    const namespace = `trust${++namespaceCount}`;
    const views: [SharedCache, SharedCache, string] = [await processView(namespace, 0, options), await processView(namespace, 1, options), namespace];
    // Each must hear the other's messages from the first: one not heard is checked by its time alone.
    await redis.subscribed(`${namespace}:invalidate`, 2);
    return views;
}

// The Redis key of the one entry stored under `namespace`, whatever the key layout.
async function onlyKey(pattern: string): Promise<string> {
    const keys = (await intruder.send("KEYS", [pattern])) as string[];
    expect(keys).toHaveLength(1);
    return keys[0]!;
}

const encoder = new TextEncoder();
const forged = (status: number, headers: [string, string][], body = "<script>steal()</script>", bodies?: [string, string][]) => ({
    status,
    statusText: "",
    headers,
    bodies: (bodies ?? [["identity", body]]).map(([coding, text]) => [coding, encoder.encode(text)]),
});

test("clear() of namespace jopi leaves namespace jopi:staging alone, in Redis and in the shared first tier", async () => {
    const first = new InMemoryCache();
    const base = `ns${++namespaceCount}`;
    const [prodCache, stagingCache] = [base, `${base}:staging`].map((namespace) => {
        const cache = initSharedCache({url: redis.url, namespace, firstTier: first});
        opened.push(cache);
        return cache;
    }) as [SharedCache, SharedCache];
    while (!prodCache.stats.connected || !stagingCache.stats.connected) await Bun.sleep(5);
    const [prod, staging] = [prodCache.forWebsite("http://a.com"), stagingCache.forWebsite("http://a.com")];
    await prod.add("a.com/", page("<p>prod</p>"), ask(), true);
    await staging.add("a.com/", page("<p>staging</p>"), ask(), true);
    expect((await intruder.send("KEYS", [`${base}*`])) as string[]).toHaveLength(2);

    // The namespace's own cache, as initSharedCache returns it: all its websites.
    await prodCache.clear();
    const left = (await intruder.send("KEYS", [`${base}*`])) as string[];
    expect(left).toHaveLength(1);
    expect(left[0]).toContain("staging");
    const kept = staging.get("a.com/", ask());
    expect(kept).toBeInstanceOf(Response);
    expect(await (kept as Response).text()).toBe("<p>staging</p>");
});

test("an entry written by hand with Set-Cookie, private, no-store, any Vary, an unlisted status or a hop-by-hop header is never served", async () => {
    const [a, b, namespace] = await twoProcesses();
    await a.add("a.com/", page(), ask(), true);
    const key = await onlyKey(`${namespace}*`);
    const attacks = [
        forged(200, [["content-type", "text/html"], ["set-cookie", "session=attacker"]]),
        forged(200, [["content-type", "text/html"], ["Set-Cookie", "session=attacker"]]),
        forged(200, [["cache-control", "private, max-age=600"]]),
        forged(200, [["cache-control", "no-store"]]),
        forged(200, [["vary", "*"]]),
        // The shared tier stores no response that varies: one read back would answer every visitor.
        forged(200, [["content-type", "text/html"], ["vary", "Accept-Language"]]),
        forged(302, [["location", "https://evil.example/"]], ""),
        forged(200, [["transfer-encoding", "chunked"]]),
        forged(200, [["content-type", "text/html"]], "", [["identity", "<p>a</p>"], ["gzip", "x"], ["gzip", "y"]]),
    ];
    const logged = spyOn(console, "error").mockImplementation(() => {});
    try {
        for (const parts of attacks) {
            await intruder.set(key, encodeEntry(parts as never, key));
            const served = await b.get("a.com/", ask({"accept-encoding": "gzip"}));
            expect(served === undefined ? undefined : `${served.status} ${JSON.stringify(served.headers.toJSON())}`).toBeUndefined();
        }
    } finally {
        logged.mockRestore();
    }
    expect(b.stats.unreadable).toBe(attacks.length);
    expect(b.stats.sharedHits).toBe(0);
});

test("with a secret, an entry not signed with it (unsigned, another secret, or moved under another key) is ignored, then replaced", async () => {
    const [a, b, namespace] = await twoProcesses({secret: "the-right-secret"});
    const outsider = await processView(namespace, 2, {secret: "another-secret-value"});
    await a.add("a.com/1", page("<p>one</p>"), ask(), true);
    await a.add("a.com/2", page("<p>two</p>"), ask(), true);
    expect(await (await b.get("a.com/1", ask()))!.text()).toBe("<p>one</p>");
    const key = (await intruder.send("KEYS", [`${namespace}*1`])) as string[];
    const key2 = (await intruder.send("KEYS", [`${namespace}*2`])) as string[];

    const logged = spyOn(console, "error").mockImplementation(() => {});
    try {
        // Unsigned, in the library's own format.
        await intruder.set(key2[0]!, encodeEntry(forged(200, [["content-type", "text/html"]]) as never, key2[0]!));
        expect(await b.get("a.com/2", ask())).toBeUndefined();
        // Signed with another secret.
        await outsider.add("a.com/2", page("<script>other()</script>"), ask(), true);
        expect(await b.get("a.com/2", ask())).toBeUndefined();
        // A genuine entry moved under another key.
        await intruder.send("COPY", [key[0]!, key2[0]!, "REPLACE"]);
        expect(await b.get("a.com/2", ask())).toBeUndefined();
    } finally {
        logged.mockRestore();
    }
    expect(b.stats.unreadable).toBe(3);
    await a.add("a.com/2", page("<p>two again</p>"), ask(), true);
    expect(await (await b.get("a.com/2", ask()))!.text()).toBe("<p>two again</p>");
});

test("with a secret, invalidation messages not signed with it are ignored; signed ones still reach every process", async () => {
    const [a, b, namespace] = await twoProcesses({secret: "the-right-secret"});
    await a.add("a.com/", page(), ask(), true);
    await b.get("a.com/", ask());
    expect(b.get("a.com/", ask())).toBeInstanceOf(Response);
    const key = await onlyKey(`${namespace}*`);
    const scope = key.slice(0, key.indexOf(" ") + 1);
    const sender = crypto.randomUUID();
    // Well-formed for the old layout and for the new one, without a signature.
    const logged: string[] = [];
    const spy = spyOn(console, "error").mockImplementation((line: string) => void logged.push(line));
    try {
        for (const target of [key, scope, `${namespace}:`, `${namespace}|`]) {
            for (const kind of ["del", "clear"]) {
                const body = `${sender}\n${kind}\n${target}`;
                const forgedMac = new Bun.CryptoHasher("sha256", "jopi-rewrite shared cache").update(`${namespace}\n${body}`).digest("hex");
                for (const message of [body, `${body}\n${forgedMac}`]) expect(await intruder.publish(`${namespace}:invalidate`, message)).toBe(2);
            }
        }
        await Bun.sleep(50);
    } finally {
        spy.mockRestore();
    }
    expect(b.get("a.com/", ask())).toBeInstanceOf(Response);
    expect(b.stats.ignoredMessages).toBe(16);
    expect(logged.filter((line) => line.includes(`redis://localhost:${redis.port}: it is not`))).toHaveLength(1);

    expect(await a.delete("a.com/")).toBe(true);
    await Bun.sleep(50);
    expect(await b.get("a.com/", ask())).toBeUndefined();
});

test("a secret shorter than 16 characters is refused at start-up, saying what to use", () => {
    expect(() => initSharedCache({url: redis.url, secret: "short"})).toThrow(
        "jopi-rewrite: the shared cache option secret must be a string of at least 16 characters (got 5 characters). Use e.g. the output of crypto.randomUUID(), the same in every process, or leave it out.",
    );
});

const sentBytes = async () => Number(/total_net_output_bytes:(\d+)/.exec((await intruder.send("INFO", ["stats"])) as string)![1]);

test("a value over the entry budget is not read: it is a miss, and a page is stored over it", async () => {
    const [a, b, namespace] = await twoProcesses({maxEntryBytes: 64 * 1024});
    await a.add("a.com/", page(), ask(), true);
    const key = await onlyKey(`${namespace}*`);
    // 8 MB, made by Redis itself.
    await intruder.send("SETRANGE", [key, String(8 * 1024 * 1024 - 1), "x"]);
    const logged = spyOn(console, "error").mockImplementation(() => {});
    const before = await sentBytes();
    try {
        expect(await b.get("a.com/", ask())).toBeUndefined();
    } finally {
        logged.mockRestore();
    }
    // What Redis sent for that lookup (and for the INFO replies): about the budget, not the value.
    expect((await sentBytes()) - before).toBeLessThan(200 * 1024);
    expect(b.stats.unreadable).toBe(1);
    await b.add("a.com/", page(html), ask(), true);
    expect(Number(await intruder.send("STRLEN", [key]))).toBeLessThan(64 * 1024);
    expect(await (await a.get("a.com/", ask()))!.text()).toBe(html);
});

test("an entry whose stored value would outgrow the read budget (thousands of tiny headers) stays in its process only", async () => {
    const [a, b, namespace] = await twoProcesses({maxEntryBytes: 64 * 1024});
    const headers: Record<string, string> = {};
    for (let i = 0; i < 7000; i++) headers[`x${(i + 36 ** 2).toString(36)}`] = "";
    expect((await a.add("a.com/", page("<p>many headers</p>", {headers}), ask(), true)).status).toBe(200);
    expect(a.get("a.com/", ask())).toBeInstanceOf(Response);
    expect((await intruder.send("KEYS", [`${namespace}*`])) as string[]).toHaveLength(0);
    expect(await b.get("a.com/", ask())).toBeUndefined();
});

test("an entry whose expiry was removed in Redis is kept in a process's first tier no longer than ttlSeconds", async () => {
    const [a, b, namespace] = await twoProcesses({ttlSeconds: 1});
    await a.add("a.com/", page(html), ask(), true);
    const key = await onlyKey(`${namespace}*`);
    // Written by anyone who reaches the server: the same value, kept for ever.
    await intruder.send("PERSIST", [key]);
    expect(await (await b.get("a.com/", ask()))!.text()).toBe(html);
    await Bun.sleep(1_200);
    // Gone from Redis without a message: a first tier that trusted "no expiry" would still answer.
    await intruder.send("DEL", [key]);
    expect(await b.get("a.com/", ask())).toBeUndefined();
});

test("with a secret, a signed invalidation message published again later is ignored: it cannot be replayed to drop pages", async () => {
    const [a, b, namespace] = await twoProcesses({secret: "the-right-secret"});
    const listener = new Bun.RedisClient(redis.url);
    const recorded: string[] = [];
    await listener.subscribe(`${namespace}:invalidate`, (message) => void recorded.push(message));
    try {
        await a.add("a.com/", page(), ask(), true);
        expect(await a.delete("a.com/")).toBe(true);
        // Each store and removal publishes its message after it resolves: b must have heard all
        // three before it reads the page into its first tier, or a late one drops it there.
        while (recorded.length < 2) await Bun.sleep(5);
        // The page is stored again, and read into b's first tier.
        await a.add("a.com/", page(html), ask(), true);
        while (recorded.length < 3) await Bun.sleep(5);
        await Bun.sleep(50);
        expect(await (await b.get("a.com/", ask()))!.text()).toBe(html);
        const replayed = [...recorded];
        const ignored = b.stats.ignoredMessages;
        const spy = spyOn(console, "error").mockImplementation(() => {});
        try {
            for (const message of replayed) await intruder.publish(`${namespace}:invalidate`, message);
            await Bun.sleep(50);
        } finally {
            spy.mockRestore();
        }
        expect(b.get("a.com/", ask())).toBeInstanceOf(Response);
        expect(b.stats.ignoredMessages).toBe(ignored + replayed.length);
    } finally {
        listener.close();
    }
});
