import {expect, test} from "bun:test";
import type {InPageSocket} from "./in-page-socket.ts";
import {connectPort, fetchPort, listeningPorts, serve, type InPageServer} from "./port-table.ts";

const get = (port: number, path = "/") => fetchPort(port, new Request(`http://127.0.0.1:${port}${path}`));

test("reload swaps the code for the next request; a request in flight finishes with the old one", async () => {
    let release!: () => void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const server = serve({port: 7001, fetch: async (req) => {
        if (req.url.endsWith("/slow")) await slow;
        return new Response("v1");
    }});
    const inFlight = get(7001, "/slow");
    server.reload({port: 7001, fetch: () => new Response("v2")});
    expect(await (await get(7001)).text()).toBe("v2");
    expect(server.pendingRequests).toBe(1);
    release();
    expect(await (await inFlight).text()).toBe("v1");
    await server.stop();
});

test("a second server on a taken port fails as Bun's does; stop frees the port once requests finish", async () => {
    let release!: () => void;
    const server = serve({port: 7002, fetch: () => new Promise((resolve) => (release = () => resolve(new Response("late"))))});
    expect(() => serve({port: 7002, fetch: () => new Response("")})).toThrow(/port 7002 in use/);
    const inFlight = get(7002);
    let stopped = false;
    const stopping = server.stop().then(() => (stopped = true));
    expect(listeningPorts()).not.toContain(7002);
    await expect(get(7002)).rejects.toThrow(/nothing listens on port 7002/);
    await Bun.sleep(5);
    expect(stopped).toBe(false);
    release();
    expect(await (await inFlight).text()).toBe("late");
    await stopping;
    expect(stopped).toBe(true);
});

test("a handler that throws gets the server's error answer", async () => {
    const server = serve({port: 7003, fetch: () => { throw new Error("boom"); }, error: (error) => new Response(`caught ${error.message}`, {status: 500})});
    const res = await get(7003);
    expect([res.status, await res.text()]).toEqual([500, "caught boom"]);
    await server.stop();
});

/** A client's end that records what it is told, as the page's socket would show it. */
function recordingPeer() {
    const seen: string[] = [];
    return {seen, peer: {opened: () => seen.push("open"), message: (data: string) => seen.push(`< ${data}`), closed: (code: number, reason: string) => seen.push(`closed ${code} ${reason}`)}};
}
const upgradeRequest = (port: number, path: string) => new Request(`http://127.0.0.1:${port}${path}`, {headers: {upgrade: "websocket"}});

test("a WebSocket is accepted by server.upgrade, keeps its data and socket across a reload, and topics skip the sender", async () => {
    const events: string[] = [];
    const handlers = (version: string) => ({
        open: (ws: InPageSocket) => (events.push(`open ${(ws.data as {name: string}).name}`), ws.subscribe("room"), ws.send("welcome")),
        message: (ws: InPageSocket, text: string) => ws.publish("room", `${version} ${(ws.data as {name: string}).name}: ${text}`),
        close: (ws: InPageSocket, code: number, reason: string) => events.push(`close ${(ws.data as {name: string}).name} ${code} ${reason}`),
    });
    const options = (version: string) => ({
        port: 7004,
        fetch: (req: Request, server: InPageServer) => (server.upgrade(req, {data: {name: new URL(req.url).searchParams.get("name")}}) ? undefined : new Response("sockets only", {status: 426})),
        websocket: handlers(version),
    });
    const server = serve(options("v1"));
    const alice = recordingPeer();
    const bob = recordingPeer();
    const aliceSocket = await connectPort(7004, upgradeRequest(7004, "/?name=alice"), alice.peer) as InPageSocket;
    await connectPort(7004, upgradeRequest(7004, "/?name=bob"), bob.peer);
    aliceSocket.received("hi");
    server.reload(options("v2"));
    aliceSocket.received("again");
    expect(server.publish("room", "to all")).toBeGreaterThan(0);
    aliceSocket.close(4000, "bye");
    aliceSocket.close(4001, "twice");
    expect(alice.seen).toEqual(["open", "< welcome", "< to all", "closed 4000 bye"]);
    expect(bob.seen).toEqual(["open", "< welcome", "< v1 alice: hi", "< v2 alice: again", "< to all"]);
    expect(events).toEqual(["open alice", "open bob", "close alice 4000 bye"]);
    const refused = await connectPort(7004, new Request("http://127.0.0.1:7004/"), recordingPeer().peer);
    expect(refused instanceof Response && [refused.status, await refused.text()]).toEqual([426, "sockets only"]);
    await server.stop();
});

test("a loopback port's second address (127.0.0.1, then ::1) is the same page port: the first server answers", async () => {
    const v4 = serve({port: 7009, hostname: "127.0.0.1", maxRequestBodySize: 1024, fetch: () => new Response("v4")});
    const v6 = serve({port: 7009, hostname: "::1", fetch: () => new Response("v6")});
    expect(await (await get(7009)).text()).toBe("v4");
    expect(v6.publish("topic", "nobody")).toBe(0);
    expect(() => serve({port: 7009, hostname: "127.0.0.1", fetch: () => new Response("")})).toThrow(/port 7009 in use/);
    await v6.stop();
    expect(listeningPorts()).toContain(7009);
    await v4.stop();
    expect(listeningPorts()).not.toContain(7009);
});
