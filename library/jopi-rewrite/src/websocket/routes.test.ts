import {describe, expect, spyOn, test} from "bun:test";
import {WebSite} from "../website.ts";

// In-process: what a website says about its WebSocket routes and event channels without a port.
// The sockets themselves are tested under bun --hot in websocket.test.ts and event-stream/reload.test.ts.

const upgrade = {connection: "Upgrade", upgrade: "websocket", "sec-websocket-version": "13", "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ=="};

describe("declaring WebSocket routes", () => {
    test("a route declared twice, a path without its slash, or handlers that are not an object: errors that say what to do", () => {
        const site = new WebSite("http://127.0.0.1:3000").onWebSocket("/chat", {});
        expect(() => site.onWebSocket("/chat", {})).toThrow("jopi-rewrite: WebSocket /chat is declared twice on http://127.0.0.1:3000; keep one of the two.");
        expect(() => site.onWebSocket("chat", {})).toThrow('jopi-rewrite: route paths start with "/": WebSocket "chat" on http://127.0.0.1:3000.');
        expect(() => site.onWebSocket("/x", (() => {}) as never)).toThrow('jopi-rewrite: onWebSocket("/x", handlers) on http://127.0.0.1:3000 takes an object like {open, message, close}.');
    });

    test("answered in-process, a WebSocket route says it needs the server's port (426), and a plain GET on it says it takes WebSockets only", async () => {
        const site = new WebSite("http://127.0.0.1:3000").onWebSocket("/chat/:room", {}).onGET("/page", (req) => req.textResponse("page"));
        const upgraded = await site.fetch(new Request("http://127.0.0.1:3000/chat/a", {headers: upgrade}));
        expect(upgraded.status).toBe(426);
        expect(await upgraded.text()).toContain("/chat/a is a WebSocket route; connect to the server's port");
        const plain = await site.fetch(new Request("http://127.0.0.1:3000/chat/a"));
        expect([plain.status, plain.headers.get("upgrade"), await plain.text()]).toEqual([426, "websocket", "This path takes WebSocket connections only."]);
    });

    test("a WebSocket route matches its own paths only, parameters and wildcards included", async () => {
        const site = new WebSite("http://127.0.0.1:3000").onWebSocket(["/ws", "/rooms/:id", "/files/**"], {});
        const status = async (path: string) => (await site.fetch(new Request(`http://127.0.0.1:3000${path}`, {headers: upgrade}))).status;
        expect(await Promise.all(["/ws", "/ws/", "/rooms/7", "/files/a/b"].map(status))).toEqual([426, 426, 426, 426]);
        expect(await Promise.all(["/wsx", "/", "/rooms", "/rooms/7/x", "/file"].map(status))).toEqual([404, 404, 404, 404, 404]);
    });

    test("an upgrade hook that throws answers 500 and logs the request", async () => {
        const logged = spyOn(console, "error").mockImplementation(() => {});
        const site = new WebSite("http://127.0.0.1:3000").onWebSocket("/chat", {upgrade() { throw new Error("hook bug"); }});
        const server = {upgrade: () => true} as never;
        const res = await site.answer(new Request("http://127.0.0.1:3000/chat", {headers: upgrade}), "http://127.0.0.1:3000/chat", undefined, server);
        expect(res?.status).toBe(500);
        expect(String(logged.mock.calls[0]![0])).toBe("jopi-rewrite: GET 127.0.0.1:3000/chat failed; answered 500.");
        logged.mockRestore();
    });
});

describe("publishing with nobody listening", () => {
    test("publish and publishEvent send to nobody, and say so", () => {
        const site = new WebSite("http://127.0.0.1:3999");
        expect(site.publish("news", "hello")).toBe(0);
        expect(site.publishEvent("news", {data: {a: 1}})).toBe(0);
    });
});

describe("the wire form of events", () => {
    test("multi-line data, JSON data, names and ids; an id with a line break is refused", async () => {
        const site = new WebSite("http://127.0.0.1:3000").onGET("/events", (req) => req.eventStream({
            retryMs: 1500,
            open(stream) {
                stream.send({data: "line 1\nline 2", id: 7, event: "note"});
                stream.send({data: {a: 1}});
                expect(() => stream.send({data: "x", id: "1\n2"})).toThrow('jopi-rewrite: an event\'s id cannot hold a line break: "1\\n2".');
                stream.close();
            },
        }));
        const res = await site.fetch(new Request("http://127.0.0.1:3000/events"));
        expect(res.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
        expect(res.headers.get("cache-control")).toBe("no-cache");
        expect(await res.text()).toBe("retry: 1500\n\nevent: note\nid: 7\ndata: line 1\ndata: line 2\n\ndata: {\"a\":1}\n\n");
    });
});
