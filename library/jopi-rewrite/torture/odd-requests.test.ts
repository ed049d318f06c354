import {afterEach, expect, test} from "bun:test";
import {endAll, freePort, startHot} from "hot-harness";
import {oddRequest} from "./odd-requests.ts";
import {inBatches, rawRequest, type Outcome} from "./raw-http.ts";

afterEach(endAll);

const app = `import {JopiServer, WebSite} from "jopi-rewrite";
const server = new JopiServer();
const site = server.addWebsite(new WebSite("http://127.0.0.1"));
site.onGET("/", req => req.htmlResponse("home"));
site.onGET("/user/:id", req => req.jsonResponse({id: req.urlParams.id}));
site.onPOST("/", async req => req.textResponse((await req.text()).length));
site.onGET("/cached", async req => (await req.getFromCache()) ?? req.addToCache_Compressed(req.htmlResponse("x".repeat(5000))));
server.startServer();
`;

// An answer a server may give to a request it cannot serve; a 500 would mean a crash inside.
const sensible = (outcome: Outcome) => !("status" in outcome) || outcome.status < 500 || outcome.status === 501 || outcome.status === 505;

test("10,000 odd requests each get a sensible status or a closed connection, and the server goes on serving", async () => {
    const port = await freePort();
    const server = startHot({files: {"index.ts": app}, env: {PORT: String(port)}});
    await server.stdout.waitFor("Website started");

    const outcomes = await inBatches(Array.from({length: 10_000}, (_, i) => () => rawRequest(port, [oddRequest(i, port)])), 64);
    const tally = new Map<string, number>();
    for (const outcome of outcomes) {
        const key = "status" in outcome ? String(outcome.status) : "closed" in outcome ? "closed" : "timeout";
        tally.set(key, (tally.get(key) ?? 0) + 1);
    }
    console.log(`odd requests: ${[...tally].sort().map(([key, n]) => `${key}: ${n}`).join(", ")}`);
    expect(outcomes.filter((outcome) => !sensible(outcome))).toEqual([]);
    expect(tally.get("timeout") ?? 0).toBe(0);

    // Slow clients that never finish their headers hold a connection each, not the server.
    const slow = Array.from({length: 40}, () => rawRequest(port, ["GET / HTTP/1.1\r\n", "Host: 127.0.0.1\r\n", "X-a: b\r\n", "X-c: d\r\n"], {gapMs: 300, timeoutMs: 1500}));
    const during = await fetch(`http://127.0.0.1:${port}/`);
    expect([during.status, await during.text()]).toEqual([200, "home"]);
    await Promise.all(slow);

    const after = await fetch(`http://127.0.0.1:${port}/user/7`);
    expect(await after.json()).toEqual({id: "7"});
    expect(server.child.exitCode).toBeNull();
    expect(server.stderr.lines.join("\n")).not.toContain("unexpected error");
}, 120_000);
