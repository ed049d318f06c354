import {expect, test} from "bun:test";
import {fetchPort, listeningPorts, serve} from "./port-table.ts";

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
