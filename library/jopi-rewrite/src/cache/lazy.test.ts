import {expect, test} from "bun:test";
import {BUN} from "hot-harness";

// A fresh process per case: this test process has long loaded everything.
// The shared tier counts as loaded when its connection code is: its front (initSharedCache) is always.
function dependenciesLoadedAfter(handler: string, cache = "undefined"): string[] {
    const program = `
import {initSharedCache, JopiServer, WebSite} from "jopi-rewrite";
const server = new JopiServer();
server.addWebsite(new WebSite("http://127.0.0.1:3000", {cache: ${cache}})).onGET("/", ${handler});
await (await server.fetch(new Request("http://127.0.0.1:3000/", {headers: {"accept-encoding": "br"}}))).text();
const loaded = (path) => /node_modules\\/(lru-cache|negotiator)\\//.exec(path)?.[1] ?? (path.endsWith("redis-link.ts") ? "shared tier" : undefined);
console.log(JSON.stringify([...new Set(Object.keys(require.cache).map(loaded).filter(Boolean))]));
process.exit(0);
`;
    const run = Bun.spawnSync([BUN, "-e", program], {cwd: import.meta.dir});
    if (run.exitCode !== 0) throw new Error(run.stderr.toString());
    return JSON.parse(run.stdout.toString()).sort();
}

test("an app that never caches a response loads neither lru-cache nor negotiator", () => {
    expect(dependenciesLoadedAfter(`(req) => req.htmlResponse("<p>hi</p>")`)).toEqual([]);
});

const caching = `async (req) => (await req.getFromCache()) ?? req.addToCache_Compressed(req.htmlResponse("<p>hi</p>".repeat(500)))`;

test("the first cached response loads them, and not the shared tier", () => {
    expect(dependenciesLoadedAfter(caching)).toEqual(["lru-cache", "negotiator"]);
});

test("initSharedCache loads the shared tier", () => {
    // Nothing listens on port 1: the request is answered by its handler all the same.
    expect(dependenciesLoadedAfter(caching, `initSharedCache({url: "redis://127.0.0.1:1", timeoutMs: 50})`)).toEqual(["lru-cache", "negotiator", "shared tier"]);
});
