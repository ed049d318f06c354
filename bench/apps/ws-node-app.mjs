import {createServer} from "node:http";
// The `ws` package, a devDependency pinned for this contender.
import {WebSocketServer} from "ws";

const server = createServer((req, res) => {
    if (req.url !== "/events") return res.end("VERSION");
    res.writeHead(200, {"content-type": "text/event-stream"});
    res.write(": open\n\n");
    let n = 0;
    const timer = setInterval(() => res.write(`data: ${++n}\n\n`), 20);
    req.on("close", () => clearInterval(timer));
});
new WebSocketServer({server, path: "/ws"}).on("connection", (ws) => ws.on("message", (data) => ws.send(String(data))));
server.listen(Number(process.env.PORT), "127.0.0.1");
