import {JopiServer, WebSite} from "jopi-rewrite";
// A package of this app, in node_modules/greeting/: a new version of it needs a restart,
// hot reload does not see changes inside node_modules.
import {greeting} from "greeting";

const server = new JopiServer();
const myWebSite = server.addWebsite(new WebSite("http://127.0.0.1:3000"));
server.startServer();

myWebSite.onGET("/", req => req.textResponse(greeting()));
