import {JopiServer, WebSite} from "jopi-rewrite";
// A package of this example, in node_modules/greeting/.
// highlight-next-line
import {greeting} from "greeting";

const server = new JopiServer();
const myWebSite = server.addWebsite(new WebSite("http://127.0.0.1:3000"));
server.startServer();

myWebSite.onGET("/", req => req.textResponse(greeting()));
