import {afterEach, expect, test} from "bun:test";
import {connect} from "node:net";
import {networkInterfaces} from "node:os";
import {freePort, SocketClient} from "hot-harness";
import {JopiServer} from "../src/server.ts";
import {WebSite, type WebSiteOptions} from "../src/website.ts";

// An address of this machine that other machines reach it by: what a LAN client would connect to.
const lan = Object.values(networkInterfaces()).flat().find((one) => one && one.family === "IPv4" && !one.internal)?.address;
const withLan = test.skipIf(lan === undefined);
if (lan === undefined) console.warn("listen.test.ts: this machine has no non-loopback IPv4 address; the tests that connect from the network are skipped.");

let running: JopiServer | undefined;
afterEach(async () => {
    await running?.stopServer();
    running = undefined;
});

async function start(origins: (port: number) => string[], options: WebSiteOptions = {}): Promise<number> {
    const port = await freePort();
    running = new JopiServer();
    for (const origin of origins(port)) running.addWebsite(new WebSite(origin, options)).onGET("/", (req) => req.textResponse(origin));
    running.startServer();
    return port;
}

/** Connects to `address` and asks for `/` with `host`: the status line, or how the connection failed. */
function reach(address: string, port: number, host: string): Promise<string> {
    return new Promise((resolve) => {
        const socket = connect({host: address, port}, () => socket.write(`GET / HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`));
        let reply = "";
        socket.on("data", (chunk) => (reply += chunk));
        socket.on("end", () => resolve(reply.split("\r\n")[0]!));
        socket.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    });
}

/** The local addresses listening on `port`, as `ss` shows them. */
function listening(port: number): string[] {
    const lines = Bun.spawnSync(["ss", "-ltnH", `sport = :${port}`]).stdout.toString().trim().split("\n").filter(Boolean);
    return lines.map((line) => line.trim().split(/\s+/)[3]!).sort();
}

withLan("a website named 127.0.0.1 listens on loopback only: a client from the network is refused", async () => {
    const port = await start((port) => [`http://127.0.0.1:${port}`]);
    expect(listening(port)).toEqual([`127.0.0.1:${port}`, `[::1]:${port}`]);
    expect(await reach(lan!, port, `127.0.0.1:${port}`)).toBe("ECONNREFUSED");
    expect(await reach("127.0.0.1", port, `127.0.0.1:${port}`)).toBe("HTTP/1.1 200 OK");
    expect(await reach("::1", port, `127.0.0.1:${port}`)).toBe("HTTP/1.1 200 OK");
});

test("localhost, its subdomains and [::1] are loopback names too", async () => {
    const port = await start((port) => [`http://localhost:${port}`, `http://a.localhost:${port}`, `http://[::1]:${port}`]);
    expect(listening(port)).toEqual([`127.0.0.1:${port}`, `[::1]:${port}`]);
});

withLan("listen: \"0.0.0.0\" exposes a loopback-named website, as in a container", async () => {
    const port = await start((port) => [`http://127.0.0.1:${port}`], {listen: "0.0.0.0"});
    expect(listening(port)).toEqual([`0.0.0.0:${port}`]);
    expect(await reach(lan!, port, `127.0.0.1:${port}`)).toBe("HTTP/1.1 200 OK");
});

withLan("a port with a website of another name listens on every interface, as before", async () => {
    const port = await start((port) => [`http://127.0.0.1:${port}`, `http://example.test:${port}`]);
    expect(listening(port)).toEqual([`*:${port}`]);
    expect(await reach(lan!, port, `example.test:${port}`)).toBe("HTTP/1.1 200 OK");
});

test("websites of one port that ask for different addresses are an error at start", async () => {
    const port = await freePort();
    const server = new JopiServer();
    server.addWebsite(new WebSite(`http://127.0.0.1:${port}`, {listen: "0.0.0.0"}));
    server.addWebsite(new WebSite(`http://localhost:${port}`));
    expect(() => server.startServer()).toThrow(`jopi-rewrite: the websites of port ${port} ask to listen on different addresses (http://127.0.0.1:${port} listen: "0.0.0.0", http://localhost:${port} listen: (not set)); give them the same listen option.`);
    expect(listening(port)).toEqual([]);
});

test("publish reaches the sockets of both loopback addresses", async () => {
    const port = await freePort();
    running = new JopiServer();
    const site = running.addWebsite(new WebSite(`http://localhost:${port}`));
    site.onWebSocket("/chat", {open(ws) { ws.subscribe("room"); }, message(ws, text) { ws.publish("room", `relayed ${text}`); }});
    running.startServer();
    const v4 = await SocketClient.connect(`ws://127.0.0.1:${port}/chat`);
    const v6 = await SocketClient.connect(`ws://[::1]:${port}/chat`);
    await Bun.sleep(50);
    expect(site.publish("room", "from the site")).toBeGreaterThan(0);
    expect(await v4.messages.waitFor("from the site")).toBe("from the site");
    expect(await v6.messages.waitFor("from the site")).toBe("from the site");
    v4.send("hi from v4");
    expect(await v6.messages.waitFor("relayed hi from v4")).toBe("relayed hi from v4");
    v6.send("hi from v6");
    expect(await v4.messages.waitFor("relayed hi from v6")).toBe("relayed hi from v6");
    v4.close();
    v6.close();
});

// A host or container with IPv6 turned off has no ::1: a private network namespace with IPv6 off
// is such a host, and changes nothing outside it.
const ipv6Off = ["sh", "-c", "echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6 && echo 1 > /proc/sys/net/ipv6/conf/lo/disable_ipv6 && ip link set lo up && exec \"$@\"", "sh"];
const namespaces = Bun.spawnSync(["unshare", "-n", ...ipv6Off, "true"], {stderr: "pipe"}).exitCode === 0;
if (!namespaces) console.warn("listen.test.ts: no private network namespace here (unshare -n, as root); the test on a host without ::1 is skipped.");

test.skipIf(!namespaces)("on a host without ::1 (IPv6 off), a loopback website still starts, on 127.0.0.1", async () => {
    const script = `import {JopiServer} from ${JSON.stringify(`${import.meta.dir}/../src/server.ts`)};
import {WebSite} from ${JSON.stringify(`${import.meta.dir}/../src/website.ts`)};
const server = new JopiServer();
server.addWebsite(new WebSite("http://localhost:3000")).onGET("/", req => req.textResponse("up"));
server.startServer();
const answer = await fetch("http://127.0.0.1:3000/");
console.log(answer.status, await answer.text());
await server.stopServer();
`;
    const child = Bun.spawn(["unshare", "-n", ...ipv6Off, process.execPath, "-e", script], {stdout: "pipe", stderr: "pipe"});
    const [out, errors] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
    expect(`${out}${errors}`.trim().split("\n").at(-1)).toEqual("200 up");
}, 15_000);
