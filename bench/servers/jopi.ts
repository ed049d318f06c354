import {JopiServer, WebSite} from "jopi-rewrite";
import {page, port} from "./page.ts";

const server = new JopiServer();
const site = server.addWebsite(new WebSite(`http://127.0.0.1:${port}`));
site.onGET("/", (req) => req.htmlResponse("Hello"));
site.onGET("/user/:id", (req) => req.jsonResponse({id: req.urlParams.id}));
// The memory cache answers a hit at once; not awaiting it keeps the hit path free of a microtask.
site.onGET("/cached", (req) => (req.getFromCache() as Response | undefined) ?? req.addToCache_Compressed(req.htmlResponse(page)));
server.startServer();
console.log(`ready on ${port}`);
