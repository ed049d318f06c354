import {afterEach, expect, test} from "bun:test";
import {endAll, freePort, startHot} from "hot-harness";

afterEach(endAll);

const app = `import {JopiServer, WebSite} from "jopi-rewrite";
const server = new JopiServer();
const site = server.addWebsite(new WebSite("http://127.0.0.1"));
site.onGET("/ok", req => req.textResponse("ok"));
site.onGET("/throws", () => { throw new Error("sync failure"); });
site.onGET("/rejects", async () => { await Bun.sleep(1); throw new Error("async failure"); });
site.onGET("/slow", async req => { await Bun.sleep(700); return req.textResponse("slow done"); });
server.startServer();
`;

async function start() {
    const port = await freePort();
    const server = startHot({files: {"index.ts": app}, env: {PORT: String(port)}});
    await server.stdout.waitFor("Website started");
    return {server, url: `http://127.0.0.1:${port}`};
}

test("handlers that throw or reject in the middle of load: a 500 for those requests only", async () => {
    const {server, url} = await start();
    const paths = ["/ok", "/throws", "/ok", "/rejects"];
    const results = await Promise.all(Array.from({length: 2000}, async (_, i) => {
        const path = paths[i % paths.length]!;
        const res = await fetch(url + path);
        await res.arrayBuffer();
        return `${path} ${res.status}`;
    }));
    const tally = Object.fromEntries([...new Set(results)].map((key) => [key, results.filter((r) => r === key).length]));
    expect(tally).toEqual({"/ok 200": 1000, "/throws 500": 500, "/rejects 500": 500});
    // The error lines can come after the last response: wait for the 1000th, then give a 1001st
    // the time to show up before checking there is none.
    for (let i = 0; i < 1000; i++) await server.stderr.waitFor("jopi-rewrite: GET 127.0.0.1:");
    await Bun.sleep(100);
    expect(server.stderr.count("jopi-rewrite: GET 127.0.0.1:")).toBe(1000);
}, 30_000);

test("SIGTERM with 50 requests in flight: all 50 complete, no new connection is accepted, exit code 0", async () => {
    const {server, url} = await start();
    const inFlight = Array.from({length: 50}, () => fetch(`${url}/slow`, {keepalive: false}).then(async (res) => `${res.status} ${await res.text()}`));
    await Bun.sleep(200);
    process.kill(server.child.pid, "SIGTERM");
    await server.stdout.waitFor("SIGTERM received; finishing 50 request(s) in flight");
    const refused = await fetch(`${url}/ok`, {keepalive: false}).then(() => "accepted", () => "refused");
    expect(refused).toBe("refused");
    expect(new Set(await Promise.all(inFlight))).toEqual(new Set(["200 slow done"]));
    expect(await server.exited).toBe(0);
}, 30_000);
