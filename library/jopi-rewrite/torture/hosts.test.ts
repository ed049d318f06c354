import {afterEach, expect, test} from "bun:test";
import {endAll, freePort, RedisServer, startHot} from "hot-harness";
import {inBatches} from "./raw-http.ts";

afterEach(endAll);

const app = `import {JopiServer, WebSite} from "jopi-rewrite";
const server = new JopiServer();
for (const name of ["a", "b", "c"]) {
    const site = server.addWebsite(new WebSite("http://" + name + ".localhost"));
    site.onGET("/page", async req => (await req.getFromCache()) ?? req.addToCache_Compressed(req.htmlResponse("site " + name + " ", req.url.search)));
    site.onGET("/only-" + name, req => req.textResponse("only " + name));
}
server.startServer();
`;

test("websites on one port: no request reaches another host's handler or cache entry", async () => {
    const port = await freePort();
    const server = startHot({files: {"index.ts": app}, env: {PORT: String(port)}});
    await server.stdout.waitFor("Website started");
    const names = ["a", "b", "c", "unknown"];
    const results = await inBatches(Array.from({length: 1200}, (_, i) => async () => {
        const name = names[i % names.length]!;
        const path = i % 3 === 0 ? `/only-${names[(i + 1) % 3]}` : `/page?n=${i % 5}`;
        const res = await fetch(`http://127.0.0.1:${port}${path}`, {headers: {host: `${name}.localhost:${port}`}});
        return {name, path, status: res.status, body: await res.text()};
    }), 32);
    for (const {name, path, status, body} of results) {
        // What each request should get: its own site's page, or a 404 for another site's route.
        const own = name !== "unknown" && (path === `/only-${name}` || path.startsWith("/page"));
        const expected = !own ? "404" : path.startsWith("/page") ? `200 site ${name} ${path.slice(5)}` : `200 only ${name}`;
        expect(status === 404 ? "404" : `${status} ${body}`).toBe(expected);
    }
}, 30_000);

// The same websites in two processes behind one Redis: entries now travel between processes, and
// must still never cross from one host to another. The Host header has no port, so both
// processes compute the same keys, as behind a load balancer.
const sharedApp = app
    .replace(`import {JopiServer, WebSite} from "jopi-rewrite";`, `import {initSharedCache, JopiServer, WebSite} from "jopi-rewrite";\nconst shared = initSharedCache({url: process.env.REDIS_URL});`)
    .replace(`new WebSite("http://" + name + ".localhost")`, `new WebSite("http://" + name + ".localhost", {cache: shared})`);

test("websites in two processes sharing one Redis: no request gets another host's entry", async () => {
    expect(sharedApp).toContain("{cache: shared}");
    const redis = await RedisServer.start();
    try {
        const ports = [await freePort(), await freePort()];
        const servers = ports.map((port) => startHot({files: {"index.ts": sharedApp}, env: {PORT: String(port), REDIS_URL: redis.url}}));
        await Promise.all(servers.map((server) => server.stdout.waitFor("Website started")));
        const names = ["a", "b", "c", "unknown"];
        const results = await inBatches(Array.from({length: 1200}, (_, i) => async () => {
            const name = names[i % names.length]!;
            const port = ports[Math.floor(i / 4) % 2]!;
            const path = `/page?n=${i % 5}`;
            const res = await fetch(`http://127.0.0.1:${port}${path}`, {headers: {host: `${name}.localhost`}});
            return {name, path, status: res.status, body: await res.text()};
        }), 32);
        for (const {name, path, status, body} of results) {
            expect(status === 404 ? "404" : `${status} ${body}`).toBe(name === "unknown" ? "404" : `200 site ${name} ${path.slice(5)}`);
        }
        // The entries did go through Redis, each under its own website's origin.
        const keys = ((await redis.command("KEYS", ["jopi|*"])) as string[]).sort();
        expect(keys).toEqual(["a", "b", "c"].flatMap((name) => [0, 1, 2, 3, 4].map((n) => `jopi|http://${name}.localhost /page?n=${n}`)).sort());
    } finally {
        await endAll();
        await redis.stop();
    }
    // Long enough for the first start on a clean machine, which installs redis-server with apt.
}, 180_000);

// The same port with one loopback website beside named ones: every loopback name, however written,
// reaches the loopback website; everything else keeps the strict match. `localhost.evil.com` is a
// real host name (DNS rebinding uses such names), 127.0.0.2 and *.localhost are how one machine
// runs several local websites apart: none of them may fall back.
const withLoopback = `import {JopiServer, WebSite} from "jopi-rewrite";
const server = new JopiServer();
for (const origin of ["http://127.0.0.1", "http://a.localhost", "http://b.example"]) {
    const site = server.addWebsite(new WebSite(origin));
    site.onGET("/page", async req => (await req.getFromCache()) ?? req.addToCache_Compressed(req.htmlResponse(origin + " ", req.url.search)));
}
server.startServer();
`;

test("loopback names reach the one loopback website; no other host ever falls back to it", async () => {
    const port = await freePort();
    const server = startHot({files: {"index.ts": withLoopback}, env: {PORT: String(port)}});
    await server.stdout.waitFor("Website started");
    const hosts: [string, string | 404][] = [
        ["localhost", "http://127.0.0.1"], ["LOCALHOST", "http://127.0.0.1"], ["127.0.0.1", "http://127.0.0.1"], ["[::1]", "http://127.0.0.1"],
        ["a.localhost", "http://a.localhost"], ["b.example", "http://b.example"],
        ["localhost.evil.com", 404], ["127.0.0.2", 404], ["c.localhost", 404], ["evil.example", 404], ["localhost.", 404], ["[::2]", 404],
    ];
    const results = await inBatches(Array.from({length: 1200}, (_, i) => async () => {
        const [host, expected] = hosts[i % hosts.length]!;
        const withPort = i % 2 === 0 ? `${host}:${port}` : host;
        const res = await fetch(`http://127.0.0.1:${port}/page?n=${i % 5}`, {headers: {host: withPort}});
        const body = await res.text();
        const want = expected === 404 ? "404" : `200 ${expected} ?n=${i % 5}`;
        return {got: `${withPort}: ${res.status === 404 ? "404" : `${res.status} ${body}`}`, want: `${withPort}: ${want}`};
    }), 32);
    for (const {got, want} of results) expect(got).toBe(want);
}, 30_000);
