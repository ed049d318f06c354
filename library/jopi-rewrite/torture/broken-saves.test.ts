import {afterEach, expect, test} from "bun:test";
import {endAll, freePort, startHot} from "hot-harness";

afterEach(endAll);

const version = (label: string, extra = "") => `import {JopiServer, WebSite} from "jopi-rewrite";
const stats = NodeSpace.app.keepOnHotReload("stats", () => ({requests: 0}));
const server = new JopiServer();
${extra}
server.addWebsite(new WebSite("http://127.0.0.1")).onGET("/", req => req.textResponse("${label} #", stats.requests++));
server.startServer();
`;

test("a save with a syntax error or a top-level throw: the previous version keeps serving, the next good save recovers, kept state is intact", async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/`;
    const app = startHot({files: {"index.ts": version("v1")}, env: {PORT: String(port)}});
    await app.stdout.waitFor("Website started");
    const get = async () => (await fetch(url)).text();
    expect(await get()).toBe("v1 #0");

    app.write("index.ts", version("v2").replace("new JopiServer();", "new JopiServer(;"));
    await app.stderr.waitFor(/error|Expected/i);
    expect(await get()).toBe("v1 #1");

    app.write("index.ts", version("v3", `throw new Error("top-level failure of v3");`));
    await app.stderr.waitFor("top-level failure of v3");
    await Bun.sleep(400); // past the moment a version's unused ports are closed
    expect(await get()).toBe("v1 #2");
    expect(app.stderr.count(/^error: top-level failure of v3/)).toBe(1);

    app.write("index.ts", version("v4"));
    await app.stdout.waitFor("Website reloaded");
    expect(await get()).toBe("v4 #3");
    expect(app.child.exitCode).toBeNull();
}, 30_000);
