import "jopi-node-space"; // Optional
import {JopiServer, WebSite} from "jopi-rewrite";

// highlight-next-line
let statCounter = NodeSpace.app.keepOnHotReload("statCount", () => ({counter: 0}));

const server = new JopiServer();
const myWebSite = server.addWebsite(new WebSite("http://127.0.0.1"));
server.startServer();

myWebSite.onGET("/", async req => {
    return req.htmlResponse("Is request #", statCounter.counter++);
});

NodeSpace.app.onHotReload(() => {console.log("Hot reloading !") });
