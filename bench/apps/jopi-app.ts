import {JopiServer, WebSite} from "jopi-rewrite";

const server = new JopiServer();
const site = server.addWebsite(new WebSite("http://127.0.0.1"));
site.onGET("/", (req) => req.textResponse("VERSION"));
server.startServer();
console.log("ready on", process.env.PORT);
