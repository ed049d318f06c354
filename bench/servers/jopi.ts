import {JopiServer, WebSite} from "jopi-rewrite";
import {page, port} from "./page.ts";

const server = new JopiServer();
const site = server.addWebsite(new WebSite(`http://127.0.0.1:${port}`));
site.onGET("/", (req) => req.htmlResponse("Hello"));
site.onGET("/user/:id", (req) => req.jsonResponse({id: req.urlParams.id}));
site.onGET("/cached", (req) => req.getFromCache() ?? req.addToCache_Compressed(req.htmlResponse(page)));
server.startServer();
console.log(`ready on ${port}`);
