// A Redis that asks for a password, an ACL user and TLS, as a managed or shared server does: real
// redis-server processes, started with --requirepass, ACL SETUSER and --tls-port.
import {afterAll, beforeAll, expect, spyOn, test} from "bun:test";
import {spawnSync} from "bun";
import {mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {freePort, RedisServer} from "hot-harness";
import {InMemoryCache, initSharedCache, type SharedCache, type SharedCacheOptions} from "../index.ts";
import {ask, page} from "../../../test/cache-pages.ts";

// Characters that must be percent-encoded in a URL.
const PASSWORD = "s3cr/t@pa:ss word";
let redis: RedisServer;
let tlsPort: number;
let certDir: string;
const opened: SharedCache[] = [];

beforeAll(async () => {
    certDir = mkdtempSync(join(tmpdir(), "redis-tls-"));
    const made = spawnSync(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
        "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", join(certDir, "key.pem"), "-out", join(certDir, "cert.pem")], {stderr: "pipe"});
    if (made.exitCode !== 0) throw new Error(`openssl could not make the test certificate: ${made.stderr.toString()}`);
    tlsPort = await freePort();
    const tls = ["--tls-port", String(tlsPort), "--tls-cert-file", join(certDir, "cert.pem"), "--tls-key-file", join(certDir, "key.pem"), "--tls-auth-clients", "no"];
    redis = await RedisServer.start({password: PASSWORD, args: tls});
}, 180_000);

afterAll(async () => {
    for (const cache of opened) cache.close();
    await redis?.stop();
    rmSync(certDir, {recursive: true, force: true});
});

let namespaceCount = 0;
function open(url: string, options: Partial<SharedCacheOptions> = {}): SharedCache {
    const cache = initSharedCache({url, namespace: `cred${++namespaceCount}`, firstTier: new InMemoryCache(), ...options});
    opened.push(cache);
    return cache;
}

async function connected(cache: SharedCache): Promise<SharedCache> {
    for (let i = 0; i < 400 && !cache.stats.connected; i++) await Bun.sleep(5);
    expect(cache.stats.connected).toBe(true);
    return cache;
}

// Stores a page with `writer`, then reads it with a second connection (another process's view).
async function roundTrip(url: string, options: Partial<SharedCacheOptions> = {}): Promise<string | undefined> {
    const writer = await connected(open(url, options));
    const namespace = `cred${namespaceCount}`;
    await writer.add("a.com/", page("<p>through the lock</p>"), ask(), true);
    const reader = await connected(initSharedCache({url: `${url}/0`, namespace, firstTier: new InMemoryCache(), ...options}));
    opened.push(reader);
    return (await reader.get("a.com/", ask()))?.text();
}

const encoded = encodeURIComponent(PASSWORD);

test("a password in the URL (percent-encoded) opens a server started with --requirepass", async () => {
    expect(redis.url).toBe(`redis://:${encoded}@127.0.0.1:${redis.port}`);
    expect(await roundTrip(redis.url)).toBe("<p>through the lock</p>");
});

test("an ACL user limited to the namespace's keys and channel, and to the commands the cache uses, is enough", async () => {
    const namespace = `cred${namespaceCount + 1}`;
    await redis.command("ACL", ["SETUSER", "cache", "on", ">user-pass", "resetkeys", `~${namespace}|*`, "resetchannels", `&${namespace}:invalidate`,
        "-@all", "+getrange", "+pttl", "+set", "+exists", "+del", "+unlink", "+scan", "+publish", "+subscribe", "+ping", "+hello", "+auth"]);
    expect(await roundTrip(`redis://cache:user-pass@127.0.0.1:${redis.port}`)).toBe("<p>through the lock</p>");
    // Another namespace is out of this user's reach.
    const logged = spyOn(console, "error").mockImplementation(() => {});
    try {
        const outside = await connected(open(`redis://cache:user-pass@127.0.0.1:${redis.port}`));
        await outside.add("a.com/", page(), ask(), true);
        expect(outside.stats.stored).toBe(0);
    } finally {
        logged.mockRestore();
    }
});

test("rediss:// with the server's authority in the tls option", async () => {
    const ca = await Bun.file(join(certDir, "cert.pem")).text();
    expect(await roundTrip(`rediss://:${encoded}@127.0.0.1:${tlsPort}`, {tls: {ca}})).toBe("<p>through the lock</p>");
});

test("a wrong password, no password or an untrusted certificate: pages are still answered, one log line names the server, never the password", async () => {
    const logged: string[] = [];
    const spy = spyOn(console, "error").mockImplementation((line: string) => void logged.push(line));
    const urls = [`redis://:wrong-${encoded}@127.0.0.1:${redis.port}`, `redis://127.0.0.1:${redis.port}`, `rediss://:${encoded}@127.0.0.1:${tlsPort}`];
    try {
        for (const url of urls) {
            const cache = open(url);
            await Bun.sleep(300);
            expect(cache.stats.connected).toBe(false);
            expect(await (await cache.add("a.com/", page("<p>rendered</p>"), ask(), true)).text()).toBe("<p>rendered</p>");
            expect(await cache.get("a.com/other", ask())).toBeUndefined();
        }
    } finally {
        spy.mockRestore();
    }
    const text = logged.join("\n");
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(encoded);
    expect(text).not.toContain("wrong");
    for (const address of [`redis://127.0.0.1:${redis.port}`, `rediss://127.0.0.1:${tlsPort}`]) {
        expect(logged.filter((line) => line.includes(`cannot use Redis at ${address} (`))).toHaveLength(address.startsWith("rediss") ? 1 : 2);
    }
    expect(logged.filter((line) => line.includes("cannot use Redis"))).toHaveLength(3);
    expect(logged[0]).toContain("give them in the URL: redis://user:password@host:6379, rediss:// for TLS");
});
