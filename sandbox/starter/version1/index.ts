import {JopiServer, WebSite} from "jopi-rewrite";
import {homePage} from "./home-page.ts";

const server = new JopiServer();
const myWebSite = server.addWebsite(new WebSite("http://127.0.0.1:3000"));
server.startServer();

myWebSite.onGET("/", req => req.htmlResponse(homePage()));
