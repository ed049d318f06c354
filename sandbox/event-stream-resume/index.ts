import {JopiServer, WebSite} from "jopi-rewrite";

const server = new JopiServer();
const myWebSite = server.addWebsite(new WebSite("http://127.0.0.1:3000"));
server.startServer();

// A browser reads /numbers with EventSource. With resume, each event's id names the stream's
// session: when a restart ends the response, EventSource reconnects with Last-Event-ID, and the
// worker it reaches sends what it missed, then the rest.
// highlight-next-line
myWebSite.onGET("/numbers", req => req.eventStream({resume: {keepFor: "2m"}}));

// A numbered event every 100 ms to each stream, counted in its stream.data, which travels with
// the session from worker to worker.
setInterval(() => {
    for (const stream of myWebSite.eventStreams()) {
        stream.data.n = (stream.data.n ?? 0) + 1;
        stream.send(String(stream.data.n));
    }
}, 100);
