/**
 * The production page's nginx recipe, run for real: Debian's nginx (installed when missing, as
 * redis-server is) with deploy/nginx/shop.conf as the page shows it, in front of
 * `jopi-rewrite serve app.ts --workers 2`. Plain requests, a WebSocket and an event stream go
 * through it, over HTTP and over TLS; four rolling restarts under 64 keep-alive clients fail no
 * request, and the socket and the stream come back through nginx to the new workers. It prints
 * what it measured. (With a single `server` line in the upstream, nginx answered 4 to 20 of those
 * requests with 502, on connections a leaving worker reset.)
 */
import {afterAll, beforeAll, expect, test} from "bun:test";
import {LineLog, keepAliveLoad} from "hot-harness";
import {followNews, openChat} from "../../deploy/nginx/page.ts";
import {pageOf, type PageConnections} from "./page-globals.ts";
import {recipeMissing, startRecipe, type RunningRecipe} from "./recipe.ts";

const HOST = {host: "shop.example.com"};
const missing = recipeMissing();
if (missing) console.log(`skipped: the nginx deployment tests (${missing})`);

let recipe: RunningRecipe | undefined;
let http = 0;
let https = 0;

beforeAll(async () => {
    if (missing) return;
    recipe = await startRecipe();
    ({http, https} = recipe);
}, 60_000);

afterAll(async () => {
    await recipe?.stop();
});

test.skipIf(missing !== undefined)("plain requests go through nginx, over HTTP and TLS, with X-Forwarded-* set by nginx alone", async () => {
    const home = await fetch(`http://127.0.0.1:${http}/`, {headers: HOST});
    expect(home.status).toBe(200);
    expect(await home.text()).toMatch(/^hello from worker \d+$/);

    const spoofed = {...HOST, "x-forwarded-for": "203.0.113.9", "x-forwarded-proto": "https"};
    expect(await (await fetch(`http://127.0.0.1:${http}/client`, {headers: spoofed})).text()).toBe("127.0.0.1 over http");
    const secure = await fetch(`https://127.0.0.1:${https}/client`, {headers: HOST, tls: {rejectUnauthorized: false}});
    expect(await secure.text()).toBe("127.0.0.1 over https");

    // Another host name reaches no website: nginx passes the Host header on as it came.
    expect((await fetch(`http://127.0.0.1:${http}/`, {headers: {host: "other.example.com"}})).status).toBe(404);
});

/** The page code of the recipe, run as a page of `origin`, with what it received. */
function openPage(origin: string) {
    const connections = pageOf(origin, {http, https});
    const chat = new LineLog();
    const news = new LineLog();
    const socket = openChat((line) => chat.add(line));
    const stream = followNews((data) => news.add(data));
    const ask = async (text: string) => {
        await connections.socketOpen();
        socket.send(text);
        return chat.waitFor(text, {timeoutMs: 5_000});
    };
    const close = () => {
        socket.close();
        stream.close();
        connections.restore();
    };
    return {connections, ask, news: (pattern: RegExp) => news.waitFor(pattern, {timeoutMs: 5_000}), close};
}

test.skipIf(missing !== undefined)("the page's WebSocket and EventSource go through nginx, over HTTP and TLS", async () => {
    for (const origin of ["http://shop.example.com", "https://shop.example.com"]) {
        const page = openPage(origin);
        try {
            expect(await page.ask("hi")).toMatch(/^worker \d+: hi$/);
            expect(await page.news(/^worker \d+ at /)).toBeTruthy();
        } finally {
            page.close();
        }
    }
}, 20_000);

async function reconnected(connections: PageConnections, times: number): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (connections.socketsOpened <= times || connections.streamsOpened <= times) {
        if (Date.now() > deadline) throw new Error(`not reconnected ${times} time(s) within 10 s: ${JSON.stringify(connections)}`);
        await Bun.sleep(50);
    }
}

test.skipIf(missing !== undefined)("four rolling restarts behind nginx fail no request, and the page's socket and stream reconnect through it", async () => {
    const page = openPage("http://shop.example.com");
    const {connections} = page;
    const load = keepAliveLoad(`http://127.0.0.1:${http}/`, 64, HOST);
    const restarts = 4;
    try {
        const before = new Set([(await page.ask("before")).split(":")[0], (await page.news(/^worker \d+ at /)).split(" at ")[0]]);
        await Bun.sleep(500);
        for (let i = 1; i <= restarts; i++) {
            process.kill(recipe!.app.child.pid, "SIGHUP");
            await recipe!.app.stdout.waitFor("jopi-rewrite: rolling restart done.", {timeoutMs: 30_000});
            // Each restart replaces every worker, so it ends each connection at least once; the next
            // restart waits until both are back, which makes the counts below exact.
            await reconnected(connections, i);
        }
        await Bun.sleep(500);
        const stats = await load.stop();
        // Every worker has been replaced: the socket and the stream now reach new ones, through nginx.
        const after = (await page.ask("after")).split(":")[0]!;
        // The news log holds every event so far: the first one from a worker not seen before the restarts.
        const event = (await page.news(new RegExp(`^(?!(${[...before].join("|")}) at )worker \\d+ at `))).split(" at ")[0]!;
        console.log(`nginx deployment test: ${stats.requests} requests through nginx during ${restarts} rolling restarts of 2 workers: ` +
            `${stats.failed} failed, ${stats.non2xx} non-2xx; the page's WebSocket closed with [${connections.socketCloses}] and reconnected ` +
            `${connections.socketsOpened - 1} time(s); its event stream ended with retry [${connections.streamEndings}] ms and reconnected ` +
            `${connections.streamsOpened - 1} time(s).`);

        // A request nginx tried again on another connection is logged too: the log says why, when one failed.
        if (stats.non2xx > 0) console.log(`nginx's error log:\n${recipe!.nginx.errorLog()}`);
        expect({failed: stats.failed, non2xx: stats.non2xx, errors: stats.errors.slice(0, 3)}).toEqual({failed: 0, non2xx: 0, errors: []});
        expect(stats.requests).toBeGreaterThan(500);
        expect(connections.socketsOpened - 1).toBeGreaterThanOrEqual(restarts);
        expect(new Set(connections.socketCloses)).toEqual(new Set([1012]));
        expect(connections.streamsOpened - 1).toBeGreaterThanOrEqual(restarts);
        expect(new Set(connections.streamEndings)).toEqual(new Set([1000]));
        expect(before.has(after)).toBe(false);
        expect(before.has(event)).toBe(false);
    } finally {
        await load.stop();
        page.close();
    }
}, 90_000);
