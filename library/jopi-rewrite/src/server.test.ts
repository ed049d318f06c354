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

/** Sends one raw HTTP/1.1 GET with this Host header and returns the status line. */
function statusFor(port: number, host: string): Promise<string> {
    return new Promise((resolve, reject) => {
        const socket = connect(port, "127.0.0.1", () => socket.write(`GET / HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`));
        let reply = "";
        socket.on("data", (chunk) => (reply += chunk));
        socket.on("end", () => resolve(reply.split("\r\n")[0]!));
        socket.on("error", reject);
    });
}

describe("JopiServer, over a socket", () => {
    test("a Host header without the port or in capitals reaches its website; another host gets a 404", async () => {
        const port = await freePort();
        const server = new JopiServer();
        server.addWebsite(new WebSite(`http://localhost:${port}`)).onGET("/", (req) => req.textResponse("localhost"));
        server.startServer();
        try {
            expect(await statusFor(port, `localhost:${port}`)).toBe("HTTP/1.1 200 OK");
            expect(await statusFor(port, "localhost")).toBe("HTTP/1.1 200 OK");
            expect(await statusFor(port, `LocalHost:${port}`)).toBe("HTTP/1.1 200 OK");
            expect(await statusFor(port, `evil.example:${port}`)).toBe("HTTP/1.1 404 Not Found");
            expect(await statusFor(port, `127.0.0.1:${port}`)).toBe("HTTP/1.1 404 Not Found");
        } finally {
            await server.stopServer();
        }
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
