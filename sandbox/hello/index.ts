import {JopiServer, WebSite} from "jopi-rewrite";

const server = new JopiServer();
const myWebSite = server.addWebsite(new WebSite("http://127.0.0.1:3000"));

myWebSite.onGET("/", req => {
    // Change this text and save the file: the next request gets the new text.
    // highlight-next-line
    return req.htmlResponse("<h1>Hello world!</h1>");
});

server.startServer();
