// RSS and heap after 100, 400 and 1000 reloads of a realistic app, against a naive module that leaks.
import type {MemoryResult} from "../src/components/charts/types.ts";
import {freePort, startHot} from "hot-harness";
import {installedRoot} from "./installed-library.ts";

const RELOADS = Number(process.env.BENCH_MEMORY_RELOADS ?? 1000);
const MARKS = [100, 400, 1000].filter((mark) => mark <= RELOADS);

const report = `if ([${MARKS}].includes(NodeSpace.app.getGeneration() - 1)) { Bun.gc(true); const m = process.memoryUsage(); console.log("mark", NodeSpace.app.getGeneration() - 1, m.rss, m.heapUsed); }`;

const realistic = `import {initMemoryCache, JopiServer, WebSite} from "jopi-rewrite";
const cache = initMemoryCache({maxBytes: 8 * 1024 * 1024});
const stats = NodeSpace.app.keepOnHotReload("stats", () => ({requests: 0}));
const server = new JopiServer();
const site = server.addWebsite(new WebSite("http://127.0.0.1", {cache}));
site.onGET("/", async req => (await req.getFromCache()) ?? req.addToCache_Compressed(req.htmlResponse("<p>page</p>".repeat(500), stats.requests++)));
site.onGET("/user/:id", req => req.jsonResponse({id: req.urlParams.id}));
NodeSpace.timer.newInterval(1000, () => stats.requests);
NodeSpace.app.onHotReload(() => {});
server.startServer();
${report}
console.log("loaded", NodeSpace.app.getGeneration());
`;

// The baseline: what Bun itself keeps per reload, with an app that holds nothing.
const raw = `import "jopi-node-space";
const server = Bun.serve({port: Number(process.env.PORT), fetch: () => new Response("ok")});
${report}
console.log("loaded", NodeSpace.app.getGeneration());
`;

const naive = `import "jopi-node-space";
const perVersion = new Map(Array.from({length: 2000}, (_, i) => [i, "entry " + i]));
const server = Bun.serve({port: Number(process.env.PORT), fetch: () => new Response(String(perVersion.size))});
setInterval(() => perVersion.size, 1000);
process.on("SIGUSR2", () => perVersion.size);
${report}
console.log("loaded", NodeSpace.app.getGeneration());
`;


async function measure(name: string, source: string): Promise<MemoryResult> {
    const port = await freePort();
    // The library as installed, not the workspace's links: Bun would watch its files as the app's own.
    const app = startHot({files: {"index.ts": source}, env: {PORT: String(port)}, under: installedRoot()});
    await app.stdout.waitFor("loaded 1");
    for (let n = 1; n <= RELOADS; n++) {
        app.write("index.ts", `${source}// edit ${n}\n`);
        await app.stdout.waitFor(`loaded ${n + 1}`, {timeoutMs: 20_000});
        if (n % 50 === 0) await fetch(`http://127.0.0.1:${port}/`).then((res) => res.text());
    }
    const marks = app.stdout.lines.filter((line) => line.startsWith("mark ")).map((line) => {
        const [, reloads, rss, heap] = line.split(" ").map(Number);
        return {reloads: reloads!, rssMB: Math.round(rss! / 2 ** 17) / 8, heapMB: Math.round(heap! / 2 ** 17) / 8};
    });
    await app.stop();
    return {name, marks};
}

export async function memoryOverReloads(): Promise<MemoryResult[]> {
    return [
        await measure("raw Bun.serve app", raw),
        await measure("jopi-rewrite app (cache, kept state, timer)", realistic),
        await measure("naive module (setInterval + process.on)", naive),
    ];
}

if (import.meta.main) {
    for (const result of await memoryOverReloads()) console.log(result.name, JSON.stringify(result.marks));
}
