import {JopiServer, WebSite} from "jopi-rewrite";

const server = new JopiServer();
const myWebSite = server.addWebsite(new WebSite("http://127.0.0.1:3000"));
server.startServer();

const version = "version 1";

myWebSite.onGET("/", req => req.textResponse("Answered by ", version));

// A slow page. Open it, then save this file with another version while it loads:
// the slow request still finishes, with the code it started with.
myWebSite.onGET("/slow", async req => {
    // highlight-next-line
    await Bun.sleep(2000);
    return req.textResponse("Slow page answered by ", version);
});
