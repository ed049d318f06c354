import {describe, expect, test} from "bun:test";
import {connect} from "node:net";
import {freePort} from "hot-harness";
import {JopiServer} from "./server.ts";
import {WebSite} from "./website.ts";

describe("JopiServer, in-process", () => {
    const server = new JopiServer();
    const a = server.addWebsite(new WebSite("http://a.localhost:3000")).onGET("/", (req) => req.textResponse("site A"));
    server.addWebsite(new WebSite("http://b.localhost:3000")).onGET("/", (req) => req.textResponse("site B"));
    server.addWebsite(new WebSite("http://a.localhost:4000")).onGET("/", (req) => req.textResponse("A on 4000"));

    test("addWebsite returns the website it was given", () => {
        expect(a).toBeInstanceOf(WebSite);
        expect(server.websites.map((site) => site.origin)).toEqual(["http://a.localhost:3000", "http://b.localhost:3000", "http://a.localhost:4000"]);
    });

    test("websites on one port are chosen by host; the same host on another port is another website", async () => {
        expect(await (await server.fetch(new Request("http://a.localhost:3000/"))).text()).toBe("site A");
        expect(await (await server.fetch(new Request("http://B.localhost:3000/"))).text()).toBe("site B");
        expect(await (await server.fetch(new Request("http://a.localhost:4000/"))).text()).toBe("A on 4000");
    });

    test("an unknown host gets a clear 404, never another website's page", async () => {
        const res = await server.fetch(new Request("http://c.localhost:3000/"));
        expect([res.status, await res.text()]).toEqual([404, 'Not Found: no website for host "c.localhost" on port 3000.']);
    });

    test("two websites that claim the same host and port are an error that says so", () => {
        expect(() => server.addWebsite(new WebSite("http://a.localhost:3000"))).toThrow("jopi-rewrite: two websites claim http://a.localhost:3000");
    });
});

/** Sends one raw HTTP/1.1 GET with this Host header and returns the status line and the body. */
function answerFor(port: number, host: string): Promise<string> {
    return new Promise((resolve, reject) => {
        const socket = connect(port, "127.0.0.1", () => socket.write(`GET / HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`));
        let reply = "";
        socket.on("data", (chunk) => (reply += chunk));
        socket.on("end", () => resolve(`${reply.split("\r\n")[0]!} ${reply.slice(reply.indexOf("\r\n\r\n") + 4)}`));
        socket.on("error", reject);
    });
}

/** Starts a server with one website per origin, each answering its own origin, and stops it after `body`. */
async function withWebsites(origins: (port: number) => string[], body: (port: number) => Promise<void>): Promise<void> {
    const port = await freePort();
    const server = new JopiServer();
    for (const origin of origins(port)) server.addWebsite(new WebSite(origin)).onGET("/", (req) => req.textResponse(origin));
    server.startServer();
    try {
        await body(port);
    } finally {
        await server.stopServer();
    }
}

describe("JopiServer, over a socket", () => {
    test("a Host header without the port or in capitals reaches its website; another host gets a 404", () =>
        withWebsites((port) => [`http://localhost:${port}`], async (port) => {
            const own = `HTTP/1.1 200 OK http://localhost:${port}`;
            expect(await answerFor(port, `localhost:${port}`)).toBe(own);
            expect(await answerFor(port, "localhost")).toBe(own);
            expect(await answerFor(port, `LocalHost:${port}`)).toBe(own);
            expect(await answerFor(port, `evil.example:${port}`)).toBe(`HTTP/1.1 404 Not Found Not Found: no website for host "evil.example" on port ${port}.`);
        }));

    test("localhost, 127.0.0.1 and [::1] all reach the port's one loopback website, in any letter case, with or without the port", () =>
        withWebsites((port) => [`http://127.0.0.1:${port}`, `http://a.localhost:${port}`], async (port) => {
            const local = `HTTP/1.1 200 OK http://127.0.0.1:${port}`;
            for (const host of [`localhost:${port}`, "localhost", `LOCALHOST:${port}`, `[::1]:${port}`, "[::1]", `127.0.0.1:${port}`]) {
                expect(`${host} -> ${await answerFor(port, host)}`).toBe(`${host} -> ${local}`);
            }
            expect(await answerFor(port, `a.localhost:${port}`)).toBe(`HTTP/1.1 200 OK http://a.localhost:${port}`);
        }));

    test("a name that is not exactly a loopback name never falls back to the loopback website", () =>
        withWebsites((port) => [`http://localhost:${port}`], async (port) => {
            for (const host of ["localhost.evil.com", "evil.example", "127.0.0.2", "b.localhost", "localhost.", "0.0.0.0", "[::2]"]) {
                expect(`${host} -> ${await answerFor(port, `${host}:${port}`)}`).toStartWith(`${host} -> HTTP/1.1 404 Not Found`);
            }
        }));

    test("with two loopback websites on the port, another loopback name gets a 404 that lists them", () =>
        withWebsites((port) => [`http://127.0.0.1:${port}`, `http://[::1]:${port}`], async (port) => {
            expect(await answerFor(port, `localhost:${port}`)).toBe(
                `HTTP/1.1 404 Not Found Not Found: no website for host "localhost" on port ${port}. ` +
                    `2 websites on this port answer for this machine: http://127.0.0.1:${port}, http://[::1]:${port}. Use one of their host names.`,
            );
            expect(await answerFor(port, `127.0.0.1:${port}`)).toBe(`HTTP/1.1 200 OK http://127.0.0.1:${port}`);
            expect(await answerFor(port, `[::1]:${port}`)).toBe(`HTTP/1.1 200 OK http://[::1]:${port}`);
        }));

    test("a loopback website on another port does not answer for this one", async () => {
        const other = await freePort();
        await withWebsites((port) => [`http://127.0.0.1:${other}`, `http://a.localhost:${port}`], async (port) => {
            expect(await answerFor(port, `localhost:${port}`)).toBe(`HTTP/1.1 404 Not Found Not Found: no website for host "localhost" on port ${port}.`);
            expect(await answerFor(other, `localhost:${other}`)).toBe(`HTTP/1.1 200 OK http://127.0.0.1:${other}`);
        });
    });
});

describe("stopServer", () => {
    test("stops accepting connections and resolves once the requests in flight are answered", async () => {
        const port = await freePort();
        const server = new JopiServer();
        server.addWebsite(new WebSite(`http://127.0.0.1:${port}`)).onGET("/slow", async (req) => {
            await Bun.sleep(300);
            return req.textResponse("finished");
        });
        server.startServer();
        const inFlight = fetch(`http://127.0.0.1:${port}/slow`);
        await Bun.sleep(100);
        let stopped = false;
        const stopping = server.stopServer().then(() => (stopped = true));
        await Bun.sleep(20);
        expect(stopped).toBe(false);
        expect(await fetch(`http://127.0.0.1:${port}/slow`, {keepalive: false}).then(() => "accepted", () => "refused")).toBe("refused");
        expect(await (await inFlight).text()).toBe("finished");
        await stopping;
        expect(stopped).toBe(true);
    });
});
