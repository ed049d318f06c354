import {JopiServer, WebSite} from "jopi-rewrite";

const server = new JopiServer();
const site = server.addWebsite(new WebSite("http://127.0.0.1"));
site.onGET("/", (req) => req.textResponse("VERSION"));
site.onWebSocket("/ws", {message(ws, text) { ws.send(text); }});
site.onGET("/events", (req) => req.eventStream({channel: "seq"}));
const seq = NodeSpace.app.keepOnHotReload("seq", () => ({n: 0}));
NodeSpace.timer.newInterval(20, () => void site.publishEvent("seq", String(++seq.n)));
server.startServer();
