import {JopiServer, WebSite} from "jopi-rewrite";

const server = new JopiServer();
// The one website of this port declared with a name of this machine: it also answers
// to localhost and [::1], whichever the browser was given.
// highlight-next-line
const myWebSite = server.addWebsite(new WebSite("http://127.0.0.1:3000"));

myWebSite.onGET("/", req => req.htmlResponse(`<h1>Hello! You asked for ${req.url.host}</h1>`));

server.startServer();
