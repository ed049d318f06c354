import {afterEach, describe, expect, test} from "bun:test";
import {saveWebsite as save, startWebsite as start} from "../test/test-website.ts";
import {endAll, freePort} from "hot-harness";

afterEach(endAll);

const body = async (url: string) => (await fetch(url)).text();

// The seed page's own examples (the cache with and without clearOnHotReload, the request counter)
// are checked under bun --hot by the sandbox, exactly as the docs show them: sandbox/cache-reload
// and sandbox/keep-counter. These tests cover what the examples do not show.

const versioned = (version: string, extra = "") => `import {JopiServer, WebSite} from "jopi-rewrite";
const server = new JopiServer();
const site = server.addWebsite(new WebSite("http://127.0.0.1"));
site.onGET("/", req => req.textResponse("${version}"));
site.onGET("/slow", async req => { await Bun.sleep(800); return req.textResponse("slow ${version}"); });
server.startServer();
${extra}`;

describe("swapping code without dropping a connection", () => {
    test("a request in flight finishes with the old code while new requests get the new code", async () => {
        const {app, url} = await start(versioned("v1"));
        const inFlight = fetch(`${url}/slow`);
        await Bun.sleep(100);
        await save(app, versioned("v2"));
        expect(await body(url)).toBe("v2");
        const old = await inFlight;
        expect([old.status, await old.text()]).toEqual([200, "slow v1"]);
    });

    test("32 keep-alive clients over 16 reloads: zero failed requests", async () => {
        const {app, url} = await start(versioned("v0"));
        let stop = false;
        const seen = new Set<string>();
        const failures: string[] = [];
        let answered = 0;
        const client = async () => {
            while (!stop) {
                try {
                    const res = await fetch(url);
                    const text = await res.text();
                    if (res.status !== 200) failures.push(`${res.status} ${text}`);
                    seen.add(text);
                    answered++;
                } catch (error) {
                    failures.push(String(error));
                }
            }
        };
        const clients = Array.from({length: 32}, client);
        for (let i = 1; i <= 16; i++) {
            await Bun.sleep(60);
            await save(app, versioned(`v${i}`));
        }
        await Bun.sleep(100);
        stop = true;
        await Promise.all(clients);
        console.log(`jopi-rewrite under load: ${answered} answers, ${failures.length} failures, ${seen.size} versions seen`);
        expect(failures).toEqual([]);
        expect(seen.has("v16")).toBe(true);
        expect(seen.size).toBeGreaterThan(8);
    }, 30_000);

    test("the packages' code is loaded once per process, and a reload is still counted once", async () => {
        // The same class and function objects after reloads mean the implementations were not
        // evaluated again; the app imports only jopi-rewrite, whose entry reports each reload.
        const probe = `const first = ((globalThis as any).firstLoad ??= {JopiServer, onHotReload: NodeSpace.app.onHotReload});
console.log("generation", NodeSpace.app.getGeneration(), "same code as the first load:", first.JopiServer === JopiServer && first.onHotReload === NodeSpace.app.onHotReload);`;
        const {app} = await start(versioned("v1", probe));
        await app.stdout.waitFor("generation 1 same code as the first load: true", {from: 0});
        for (const n of [2, 3]) {
            await save(app, versioned(`v${n}`, probe));
            await app.stdout.waitFor(`generation ${n} same code as the first load: true`, {from: 0});
        }
        expect(app.stdout.lines.filter((line) => line.startsWith("generation "))).toHaveLength(3);
    });

    test("a port the new version no longer uses is closed, and the new port serves the new code", async () => {
        const {app, url} = await start(versioned("v1"));
        const other = await freePort();
        app.write("index.ts", versioned("v2").replace(`"http://127.0.0.1"`, `"http://127.0.0.1:${other}"`).replace(`import {`, `process.env.PORT = ""; delete process.env.PORT;\nimport {`));
        await app.stdout.waitFor("no longer used by the new version");
        expect(await body(`http://127.0.0.1:${other}`)).toBe("v2");
        await Bun.sleep(50);
        expect(fetch(url)).rejects.toThrow();
    });
});

describe("shutdown", () => {
    test.each(["SIGTERM", "SIGINT"] as const)("%s lets a request in flight finish, refuses new ones, then exits 0", async (signal) => {
        const {app, url} = await start(versioned("v1"));
        const inFlight = fetch(`${url}/slow`);
        await Bun.sleep(150);
        process.kill(app.child.pid, signal);
        await app.stdout.waitFor(`${signal} received; finishing 1 request(s) in flight`);
        await expect(fetch(url)).rejects.toThrow();
        const res = await inFlight;
        expect([res.status, await res.text()]).toEqual([200, "slow v1"]);
        expect(await app.exited).toBe(0);
    });
});
