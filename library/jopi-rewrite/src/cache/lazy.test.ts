import {expect, test} from "bun:test";
import {BUN} from "hot-harness";

// A fresh process per case: this test process has long loaded everything.
function dependenciesLoadedAfter(handler: string): string[] {
    const program = `
import {JopiServer, WebSite} from "jopi-rewrite";
const server = new JopiServer();
server.addWebsite(new WebSite("http://127.0.0.1:3000")).onGET("/", ${handler});
await (await server.fetch(new Request("http://127.0.0.1:3000/", {headers: {"accept-encoding": "br"}}))).text();
console.log(JSON.stringify([...new Set(Object.keys(require.cache).map((path) => /node_modules\\/(lru-cache|negotiator)\\//.exec(path)?.[1]).filter(Boolean))]));
`;
    const run = Bun.spawnSync([BUN, "-e", program], {cwd: import.meta.dir});
    if (run.exitCode !== 0) throw new Error(run.stderr.toString());
    return JSON.parse(run.stdout.toString()).sort();
}

test("an app that never caches a response loads neither lru-cache nor negotiator", () => {
    expect(dependenciesLoadedAfter(`(req) => req.htmlResponse("<p>hi</p>")`)).toEqual([]);
});

test("the first cached response loads them", () => {
    const handler = `async (req) => req.getFromCache() ?? req.addToCache_Compressed(req.htmlResponse("<p>hi</p>".repeat(500)))`;
    expect(dependenciesLoadedAfter(handler)).toEqual(["lru-cache", "negotiator"]);
});
