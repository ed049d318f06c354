import {JopiServer, WebSite} from "jopi-rewrite";

const server = new JopiServer();
const myWebSite = server.addWebsite(new WebSite("http://127.0.0.1:3000"));
server.startServer();

// A room per path, whose clients (jopi-rewrite/client's ResumableWebSocket) keep their session
// when a restart closes their connection: ws.data, their room, and every message they missed.
myWebSite.onWebSocket("/chat/:room", {
    // highlight-next-line
    resume: {keepFor: "2m"},
    upgrade: req => ({name: req.searchParams.get("name") ?? "anonymous", ticks: 0}),
    open(ws) {
        // A resumed session is in its room already: only a new one joins it.
        // highlight-next-line
        if (!ws.recovered) ws.subscribe(ws.data.params.room!);
    },
    message(ws, text) {
        myWebSite.publish(ws.data.params.room!, `${ws.data.name}: ${text}`);
    },
});

// Each member gets a numbered tick every 100 ms, counted in its ws.data: the count travels with
// the session, and the ticks sent while the member is away wait in its session.
setInterval(() => {
    for (const ws of myWebSite.webSockets()) {
        ws.data.ticks = Number(ws.data.ticks) + 1;
        ws.send(`tick ${ws.data.ticks}`);
    }
}, 100);
