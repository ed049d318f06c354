// The jopi-rewrite side of the sessions benchmark, run by `jopi-rewrite serve --workers 2`: a
// resumable WebSocket route and a resumable event stream, and the same two without `resume`, for
// the cost of sessions. Every 50 ms each session gets its next number, kept in its own `data`, so
// the number travels with the session from worker to worker; the timer goes through
// `site.webSockets()` and `site.eventStreams()`, which include sessions waiting for their client.
import {JopiServer, WebSite} from "jopi-rewrite";

const SEND_EVERY_MS = 50;
const server = new JopiServer();
const site = server.addWebsite(new WebSite("http://127.0.0.1"));
const now = () => performance.timeOrigin + performance.now();

site.onGET("/", (req) => req.textResponse("ready"));
site.onWebSocket<{n: number}>("/ws", {resume: true, open(ws) { if (!ws.recovered) ws.data.n = 0; }});
site.onWebSocket<{n: number}>("/plain-ws", {open(ws) { ws.data.n = 0; }});
site.onGET("/events", (req) => req.eventStream({resume: true, open(stream) { if (!stream.recovered) stream.data.n = 0; }}));
site.onGET("/plain-events", (req) => req.eventStream({open(stream) { stream.data.n = 0; }}));

const next = (data: Record<string, unknown>) => (data.n = Number(data.n) + 1);

NodeSpace.timer.newInterval(SEND_EVERY_MS, () => {
    const at = now();
    for (const ws of site.webSockets()) ws.send(`${next(ws.data)} ${at}`);
    for (const stream of site.eventStreams()) stream.send(`${next(stream.data)} ${at}`);
});
server.startServer();
console.log("ready on", process.env.PORT);
