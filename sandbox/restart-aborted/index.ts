import {JopiServer, WebSite} from "jopi-rewrite";
import {greeting} from "greeting";

const server = new JopiServer();
const myWebSite = server.addWebsite(new WebSite("http://127.0.0.1:3000"));
server.startServer();

myWebSite.onGET("/", req => req.textResponse(greeting()));
