import {JopiServer, WebSite} from "jopi-rewrite";

const server = new JopiServer();
const myWebSite = server.addWebsite(new WebSite("http://127.0.0.1:3000"));
server.startServer();

myWebSite.onWebSocket("/echo", {
    message(ws, text) { ws.send(`echo: ${text}`); },
});

// Delete this route and save: its open sockets are closed with code 4404 and a reason
// saying why, while the sockets of /echo stay open.
// highlight-start
myWebSite.onWebSocket("/ticker", {
    open(ws) { ws.send("ticker ready"); },
});
// highlight-end
