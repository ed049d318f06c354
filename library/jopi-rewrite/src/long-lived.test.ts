import {afterEach, expect, test} from "bun:test";
import {endAll, freePort, SocketClient, startHot, StreamClient} from "hot-harness";

afterEach(endAll);

// What a worker that drains before a rolling restart calls: every socket closed with the code
// given, every stream told when to come back, and the server still answering.
test("endLongLivedConnections closes sockets with the code given and ends streams with a retry hint", async () => {
    const port = await freePort();
    const app = startHot({
        env: {PORT: String(port)},
        files: {
            "index.ts": `import {endLongLivedConnections, JopiServer, WebSite} from "jopi-rewrite";
const server = new JopiServer();
const site = server.addWebsite(new WebSite("http://127.0.0.1"));
site.onWebSocket("/socket", {open(ws) { ws.send("hello"); }});
site.onGET("/stream", req => req.eventStream({open(stream) { stream.send("hello"); }}));
site.onPOST("/drain", async req => req.textResponse("ended " + await endLongLivedConnections({code: 1012, reason: "restarting", retryMs: 250})));
server.startServer();`,
        },
    });
    await app.stdout.waitFor("Website started");
    const base = `127.0.0.1:${port}`;
    const sockets = await Promise.all([1, 2].map(() => SocketClient.connect(`ws://${base}/socket`)));
    const stream = await StreamClient.connect(`http://${base}/stream`);
    await stream.events.waitFor("hello");
    for (const socket of sockets) await socket.messages.waitFor("hello");

    expect(await (await fetch(`http://${base}/drain`, {method: "POST"})).text()).toBe("ended 3");
    for (const socket of sockets) expect(await socket.ended).toEqual({code: 1012, reason: "restarting"});
    await stream.ended;
    expect(stream.retry).toBe(250);
    const again = await fetch(`http://${base}/stream`);
    expect(again.status).toBe(200);
    await again.body?.cancel();
});
