import {JopiServer, WebSite} from "jopi-rewrite";

// The restart bench's app: a page to GET, and a POST that reads its whole body before answering.
const server = new JopiServer();
const site = server.addWebsite(new WebSite("http://127.0.0.1"));
site.onGET("/", (req) => req.textResponse("VERSION"));
site.onPOST("/", async (req) => req.textResponse(`${(await req.bytes()).length} bytes`));
server.startServer();
console.log("ready on", process.env.PORT);
