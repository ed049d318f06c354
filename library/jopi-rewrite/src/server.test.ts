import {describe, expect, test} from "bun:test";
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
