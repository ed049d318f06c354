import {afterEach, describe, expect, test} from "bun:test";
import {endAll, SocketClient} from "hot-harness";
import {isLoopback} from "./limits.ts";
import {JopiServer} from "./server.ts";
import {saveWebsite, startWebsite} from "../test/test-website.ts";
import {WebSite} from "./website.ts";

afterEach(endAll);

describe("body limit, in-process", () => {
    const server = new JopiServer({maxBodyBytes: 16});
    const site = server.addWebsite(new WebSite("http://127.0.0.1:3000")).onPOST("/", async (req) => req.textResponse(await req.text()));
    const own = server.addWebsite(new WebSite("http://localhost:3000", {maxBodyBytes: 64})).onPOST("/", async (req) => req.textResponse(await req.text()));
    const post = (target: WebSite, body: BodyInit) => target.fetch(new Request(`${target.origin}/`, {method: "POST", body}));

    test("the server's maxBodyBytes is its websites' default; a website's own replaces it", async () => {
        expect([site.maxBodyBytes, own.maxBodyBytes, new WebSite("http://a.com").maxBodyBytes]).toEqual([16, 64, 1_048_576]);
        expect(await (await post(site, "x".repeat(16))).text()).toBe("x".repeat(16));
        const res = await post(site, "x".repeat(17));
        expect([res.status, res.headers.get("connection"), await res.text()]).toEqual([413, "close", "jopi-rewrite: the request body of POST 127.0.0.1:3000/ is larger than 16 bytes (maxBodyBytes of http://127.0.0.1:3000); send less, or raise maxBodyBytes."]);
        expect((await post(own, "x".repeat(64))).status).toBe(200);
    });

    test("a body without Content-Length is counted as it is read", async () => {
        const chunks = (n: number) => new ReadableStream({pull(controller) {
            if (n-- === 0) return controller.close();
            controller.enqueue(new TextEncoder().encode("0123456789"));
        }});
        expect(await (await post(own, chunks(6))).text()).toBe("0123456789".repeat(6));
        expect((await post(own, chunks(7))).status).toBe(413);
    });

    test("a body without Content-Length is joined with web APIs only, as in a browser page (no Buffer)", async () => {
        const chunks = new ReadableStream({start(controller) {
            controller.enqueue(new TextEncoder().encode("sent in "));
            controller.enqueue(new TextEncoder().encode("chunks"));
            controller.close();
        }});
        const globals = globalThis as {Buffer?: unknown};
        const buffer = globals.Buffer;
        delete globals.Buffer;
        try {
            const res = await post(own, chunks);
            expect([res.status, await res.text()]).toEqual([200, "sent in chunks"]);
        } finally {
            globals.Buffer = buffer;
        }
    });

    test("a limit that is not a number of bytes is refused when given", () => {
        expect(() => new JopiServer({maxBodyBytes: -1})).toThrow("jopi-rewrite: maxBodyBytes of the server must be a whole number of bytes above 0, not -1.");
        expect(() => new WebSite("http://a.com", {maxBodyBytes: 1.5})).toThrow("jopi-rewrite: maxBodyBytes of http://a.com must be a whole number of bytes above 0, not 1.5.");
        expect(() => new WebSite("http://a.com").onWebSocket("/ws", {maxMessageBytes: 0})).toThrow("jopi-rewrite: maxMessageBytes of WebSocket /ws on http://a.com must be a whole number of bytes above 0, not 0.");
    });
});

test("loopback names: localhost and its subdomains, 127.x.y.z, [::1]; nothing that only looks like them", () => {
    for (const name of ["localhost", "a.localhost", "127.0.0.1", "127.1.2.3", "[::1]"]) expect(`${name} ${isLoopback(name)}`).toBe(`${name} true`);
    for (const name of ["localhost.evil.com", "example.com", "0.0.0.0", "128.0.0.1", "127.0.0.1.evil.com", "[::2]", "10.0.0.5"]) expect(`${name} ${isLoopback(name)}`).toBe(`${name} false`);
});

test("a reload that raises a route's maxMessageBytes lets bigger messages in on the sockets already open", async () => {
    const source = (limit: number) => `import {JopiServer, WebSite} from "jopi-rewrite";
const server = new JopiServer();
server.addWebsite(new WebSite("http://127.0.0.1")).onWebSocket("/ws", {maxMessageBytes: ${limit}, message(ws, text) { ws.send("got " + text.length); }});
server.startServer();
`;
    const {app, port} = await startWebsite(source(1024));
    const before = await SocketClient.connect(`ws://127.0.0.1:${port}/ws`);
    await saveWebsite(app, source(64 * 1024));
    const after = await SocketClient.connect(`ws://127.0.0.1:${port}/ws`);
    expect(await after.ask("x".repeat(10_000), "got ")).toBe("got 10000");
    expect(await before.ask("y".repeat(10_000), "got ")).toBe("got 10000");
    await saveWebsite(app, source(1024));
    before.send("z".repeat(10_000));
    expect(await before.ended).toMatchObject({code: 1009});
}, 60_000);
