import {afterAll, describe, expect, test} from "bun:test";
import {mkdtempSync, renameSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {getInMemoryCache, initMemoryCache} from "./index.ts";

const BUN = resolve(import.meta.dir, "../../../../node_modules/.bin/bun");
const body = "<p>kept across reloads</p>\n".repeat(300);
const ask = new Headers({"accept-encoding": "gzip"});

describe("the process's cache", () => {
    test("initMemoryCache and getInMemoryCache give the same cache", () => {
        expect(initMemoryCache({maxBytes: 8 * 1024 * 1024})).toBe(getInMemoryCache());
        expect(getInMemoryCache().stats.maxBytes).toBe(8 * 1024 * 1024);
    });

    test("new limits keep the most recently used entries that fit", async () => {
        const cache = initMemoryCache({maxBytes: 8 * 1024 * 1024});
        cache.clear();
        const evictionsBefore = cache.stats.evictions;
        for (let i = 0; i < 10; i++) {
            await cache.add(`limits.test/${i}`, new Response(body), ask, false);
        }
        cache.get("limits.test/0", ask);
        const entryBytes = cache.stats.bytes / 10;
        initMemoryCache({maxBytes: Math.floor(entryBytes * 3.5), maxEntryBytes: Math.floor(entryBytes * 2)});
        const kept = Array.from({length: 10}, (_, i) => cache.has(`limits.test/${i}`));
        expect(kept).toEqual([true, false, false, false, false, false, false, false, true, true]);
        expect(cache.stats.entries).toBe(3);
        expect(cache.stats.evictions - evictionsBefore).toBe(7);
        // The order of use was kept: the next insert pushes out limits.test/8, not limits.test/0
        // (offered twice: a key offered once does not get into a full cache).
        await cache.add("limits.test/new", new Response(body), ask, false);
        await cache.add("limits.test/new", new Response(body), ask, false);
        expect([cache.has("limits.test/0"), cache.has("limits.test/8")]).toEqual([true, false]);
        initMemoryCache();
        cache.clear();
    });
});

// Everything below drives a real `bun --hot` process: reloads cannot be simulated in-process.
const scratch = mkdtempSync(join(tmpdir(), "jopi-cache-hot-"));
afterAll(() => rmSync(scratch, {recursive: true, force: true}));

function program(version: number, clearOnHotReload: boolean): string {
    return `
import {initMemoryCache} from ${JSON.stringify(join(import.meta.dir, "index.ts"))};
const cache = initMemoryCache({maxBytes: 4 * 1024 * 1024, clearOnHotReload: ${clearOnHotReload}});
const headers = new Headers({"accept-encoding": "gzip"});
console.log("v${version} before " + JSON.stringify(cache.stats));
if (!cache.get("hot.test/", headers)) {
    await cache.add("hot.test/", new Response(${JSON.stringify(body)}, {headers: {"content-type": "text/html"}}), headers, true);
}
const etag = cache.get("hot.test/", headers)?.headers.get("etag");
console.log("v${version} after " + JSON.stringify({...cache.stats, etag}));
(globalThis as any).keepAlive ??= setInterval(() => {}, 60_000);
`;
}

async function runTwoVersions(clearInV1: boolean, clearInV2: boolean): Promise<Record<string, any>> {
    const script = join(scratch, `app-${clearInV1}-${clearInV2}.ts`);
    writeFileSync(script, program(1, clearInV1));
    const child = Bun.spawn([BUN, "--hot", "--no-clear-screen", script], {
        cwd: scratch,
        stdout: "pipe",
        stderr: "inherit",
        detached: true,
        env: {...process.env, NO_COLOR: "1"},
    });
    const seen: Record<string, any> = {};
    let output = "";
    const decoder = new TextDecoder();
    const reader = child.stdout.getReader();
    const pump = (async () => {
        for (let read = await reader.read(); !read.done; read = await reader.read()) output += decoder.decode(read.value, {stream: true});
    })();
    const waitFor = async (label: string) => {
        for (const deadline = Date.now() + 8_000; !(label in seen); await Bun.sleep(20)) {
            for (const match of output.matchAll(/^(v\d \w+) (\{.*\})$/gm)) seen[match[1]!] = JSON.parse(match[2]!);
            if (label in seen) break;
            if (Date.now() > deadline) throw new Error(`no "${label}" line from the bun --hot child; it printed:\n${output}`);
        }
    };
    try {
        await waitFor("v1 after");
        // Write then rename, so that the watcher sees one complete change.
        writeFileSync(`${script}.tmp`, program(2, clearInV2));
        renameSync(`${script}.tmp`, script);
        await waitFor("v2 after");
        return seen;
    } finally {
        try {
            process.kill(-child.pid, "SIGKILL");
        } catch {
            // Already gone.
        }
        await child.exited;
        await pump;
    }
}

describe("under bun --hot", () => {
    test("entries and statistics survive a reload", async () => {
        const seen = await runTwoVersions(false, false);
        expect(seen["v1 after"]).toMatchObject({entries: 1, hits: 1, misses: 1});
        expect(seen["v2 before"]).toMatchObject({entries: 1, hits: 1, misses: 1, maxBytes: 4 * 1024 * 1024});
        expect(seen["v2 before"].bytes).toBe(seen["v1 after"].bytes);
        expect(seen["v2 after"]).toMatchObject({entries: 1, hits: 3, misses: 1, etag: seen["v1 after"].etag});
    }, 20_000);

    test("clearOnHotReload starts each version with an empty cache", async () => {
        const seen = await runTwoVersions(true, true);
        expect(seen["v1 after"]).toMatchObject({entries: 1, hits: 1, misses: 1});
        expect(seen["v2 before"]).toMatchObject({entries: 0, hits: 0, misses: 0, bytes: 0});
        expect(seen["v2 after"]).toMatchObject({entries: 1, hits: 1, misses: 1});
    }, 20_000);

    test("saving the edit that turns clearOnHotReload on empties the cache at once", async () => {
        const seen = await runTwoVersions(false, true);
        expect(seen["v1 after"]).toMatchObject({entries: 1, hits: 1, misses: 1});
        expect(seen["v2 before"]).toMatchObject({entries: 0, hits: 0, misses: 0, bytes: 0});
    }, 20_000);
});
