import {JopiServer, WebSite} from "jopi-rewrite";

const server = new JopiServer();
const myWebSite = server.addWebsite(new WebSite("http://127.0.0.1:3000"));
server.startServer();

// A chat room per path: /chat/lobby, /chat/dev... Connect, then edit the format below and save:
// the sockets stay open, and the next message is written by the new code.
myWebSite.onWebSocket("/chat/:room", {
    // Runs before the socket opens: what it returns goes into ws.data, kept across reloads.
    upgrade: req => ({name: req.searchParams.get("name") ?? "anonymous"}),
    open(ws) {
        ws.subscribe(ws.data.params.room!);
    },
    message(ws, text) {
        // highlight-next-line
        const line = `${ws.data.name}: ${text}`;
        myWebSite.publish(ws.data.params.room!, line);
    },
});
