import "jopi-node-space";
import {JopiServer, WebSite} from "jopi-rewrite";

const server = new JopiServer();
// Declared with its public host name: nginx passes the client's Host header on, and the server
// chooses the website by it. The port is the one nginx's upstream names, on loopback only: nginx
// runs on this machine, and no one else may reach the workers without it.
const shop = server.addWebsite(new WebSite("http://shop.example.com:3000", {listen: "127.0.0.1"}));
server.startServer();

shop.onGET("/", req => req.textResponse(`hello from worker ${process.pid}`));

// Who asked, as nginx says: nginx sets X-Forwarded-*, and jopi-rewrite itself reads none of them.
shop.onGET("/client", req => {
    const headers = req.headers;
    return req.textResponse(`${headers.get("x-forwarded-for")} over ${headers.get("x-forwarded-proto")}`);
});

// Under /live/, where nginx neither buffers nor times out: a chat socket and a news stream.
shop.onWebSocket("/live/chat", {
    message(ws, text) {
        ws.send(`worker ${process.pid}: ${text}`);
    },
});
shop.onGET("/live/news", req => req.eventStream({channel: "news", retryMs: 1000}));
NodeSpace.timer.newInterval(200, () => {
    shop.publishEvent("news", `worker ${process.pid} at ${new Date().toISOString()}`);
});

// The same, resumable: at a rolling restart each session moves to a worker that stays, and its
// client (ResumableWebSocket from jopi-rewrite/client, or a browser's EventSource) gets it back
// with what it missed meanwhile, each message once and in order. `data` travels with the session.
shop.onWebSocket("/live/updates", {
    resume: {keepFor: "2m"},
    message(ws, text) {
        ws.send(`got ${text}`);
    },
});
shop.onGET("/live/feed", req => req.eventStream({resume: {keepFor: "2m"}}));

// Each session's own numbered updates, 20 a second, whichever worker holds the session now.
function nextUpdate(data: Record<string, unknown>): string {
    data.sent = Number(data.sent ?? 0) + 1;
    return `update ${data.sent}`;
}
NodeSpace.timer.newInterval(50, () => {
    for (const ws of shop.webSockets()) if (ws.sessionId) ws.send(nextUpdate(ws.data));
    for (const stream of shop.eventStreams()) if (stream.sessionId) stream.send(nextUpdate(stream.data));
});
