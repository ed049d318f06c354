/**
 * The production page's nginx recipe, run for real: Debian's nginx (installed when missing, as
 * redis-server is) with deploy/nginx/shop.conf as the page shows it, in front of
 * `jopi-rewrite serve app.ts --workers 2`. Plain requests, a WebSocket and an event stream go
 * through it, over HTTP and over TLS; two rolling restarts under load fail no request, and the
 * socket and the stream come back through nginx to the new workers. It prints what it measured.
 */
import {afterAll, beforeAll, expect, test} from "bun:test";
import {spawnSync} from "bun";
import {mkdtempSync, readFileSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {BUN, REPO_ROOT, NginxServer, freePort, keepAliveLoad, startHot, type HotProcess} from "hot-harness";
import {SocketFollower, StreamFollower, type Followed} from "./followers.ts";

const RECIPE = join(REPO_ROOT, "deploy/nginx");
const HOST = {host: "shop.example.com"};

let app: HotProcess | undefined;
let nginx: NginxServer | undefined;
let certs: string | undefined;
let http = 0;
let https = 0;

/** The recipe's config with only what a test machine needs changed: each line is found exactly once. */
function siteConfig(upstream: number, certDir: string): string {
    let config = readFileSync(join(RECIPE, "shop.conf"), "utf8");
    const swap = (from: string, to: string) => {
        expect(config.split(from).length - 1, `shop.conf has "${from}" once`).toBe(1);
        config = config.replace(from, to);
    };
    swap("listen 80;", `listen 127.0.0.1:${http};`);
    swap("listen 443 ssl;", `listen 127.0.0.1:${https} ssl;`);
    swap("server 127.0.0.1:3000;", `server 127.0.0.1:${upstream};`);
    swap("/etc/letsencrypt/live/shop.example.com/fullchain.pem", join(certDir, "cert.pem"));
    swap("/etc/letsencrypt/live/shop.example.com/privkey.pem", join(certDir, "key.pem"));
    return config;
}

function selfSignedCertificate(): string {
    const dir = mkdtempSync(join(tmpdir(), "shop-tls-"));
    const made = spawnSync(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=shop.example.com",
        "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")], {stdout: "pipe", stderr: "pipe"});
    if (made.exitCode !== 0) throw new Error(`openssl could not make a test certificate:\n${made.stderr.toString()}`);
    return dir;
}

beforeAll(async () => {
    const upstream = await freePort();
    [http, https] = [await freePort(), await freePort()];
    certs = selfSignedCertificate();
    app = startHot({copyFrom: RECIPE, entry: join(REPO_ROOT, "node_modules/.bin/jopi-rewrite"), mode: "none", args: ["serve", "app.ts", "--workers", "2"], env: {PORT: String(upstream)}});
    await app.stdout.waitFor(/ 2 worker\(s\) of app\.ts answer on port /, {timeoutMs: 20_000});
    nginx = await NginxServer.start(siteConfig(upstream, certs), [http, https]);
}, 60_000);

afterAll(async () => {
    await nginx?.stop();
    await app?.stop();
    if (certs) rmSync(certs, {recursive: true, force: true});
});

test("plain requests go through nginx, over HTTP and TLS, with X-Forwarded-* set by nginx alone", async () => {
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

test("a WebSocket and an event stream go through nginx, over HTTP and TLS", async () => {
    for (const [ws, base] of [[`ws://127.0.0.1:${http}`, `http://127.0.0.1:${http}`], [`wss://127.0.0.1:${https}`, `https://127.0.0.1:${https}`]] as const) {
        const chat = await SocketFollower.open(`${ws}/live/chat`, HOST, base.startsWith("https"));
        expect(await chat.ask("hi")).toMatch(/^worker \d+: hi$/);
        chat.close();
        const news = await StreamFollower.open(`${base}/live/news`, HOST, base.startsWith("https"));
        expect(await news.next(/^worker \d+ at /)).toBeTruthy();
        news.close();
    }
});

async function reconnected(followers: Followed[], times: number): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (followers.some((follower) => follower.reconnects < times)) {
        if (Date.now() > deadline) throw new Error(`not reconnected ${times} time(s) within 10 s: ${followers.map((follower) => follower.reconnects)}`);
        await Bun.sleep(50);
    }
}

test("two rolling restarts behind nginx fail no request, and the socket and the stream reconnect through it", async () => {
    const chat = await SocketFollower.open(`ws://127.0.0.1:${http}/live/chat`, HOST);
    const news = await StreamFollower.open(`http://127.0.0.1:${http}/live/news`, HOST);
    const before = new Set([(await chat.ask("before")).split(":")[0], (await news.next(/^worker \d+ at /)).split(" at ")[0]]);
    const load = keepAliveLoad(`http://127.0.0.1:${http}/`, 16, HOST);
    const restarts = 2;
    try {
        await Bun.sleep(500);
        for (let i = 1; i <= restarts; i++) {
            process.kill(app!.child.pid, "SIGHUP");
            await app!.stdout.waitFor("jopi-rewrite: rolling restart done.", {timeoutMs: 30_000});
            // Each restart replaces every worker, so it ends each connection at least once; the next
            // restart waits until both are back, which makes the count below exact.
            await reconnected([chat, news], i);
        }
        await Bun.sleep(500);
    } finally {
        await load.stop();
    }
    const stats = load.stats;
    // Every worker has been replaced: the socket and the stream now reach new ones, through nginx.
    const after = (await chat.ask("after")).split(":")[0]!;
    const event = (await news.next(/^worker \d+ at /)).split(" at ")[0]!;
    chat.close();
    news.close();
    console.log(`nginx deployment test: ${stats.requests} requests through nginx during ${restarts} rolling restarts of 2 workers: ` +
        `${stats.failed} failed, ${stats.non2xx} non-2xx; WebSocket closed with [${chat.endings}] and reconnected ${chat.reconnects} time(s); ` +
        `event stream ended with retry [${news.endings}] ms and reconnected ${news.reconnects} time(s).`);

    expect({failed: stats.failed, non2xx: stats.non2xx, errors: stats.errors.slice(0, 3)}).toEqual({failed: 0, non2xx: 0, errors: []});
    expect(stats.requests).toBeGreaterThan(500);
    expect(chat.reconnects).toBeGreaterThanOrEqual(restarts);
    expect(new Set(chat.endings)).toEqual(new Set([1012]));
    expect(news.reconnects).toBeGreaterThanOrEqual(restarts);
    expect(new Set(news.endings)).toEqual(new Set([1000]));
    expect(before.has(after)).toBe(false);
    expect(before.has(event)).toBe(false);
    expect(nginx!.errorLog()).not.toMatch(/\[(error|crit|alert|emerg)\]/);
}, 90_000);
