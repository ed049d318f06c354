import {JopiServer, WebSite} from "jopi-rewrite";

// Like every variable of a module, this one starts over at each reload...
let moduleCount = 0;

// ...while globalThis is shared by every version of the code.
declare global {
    var globalCount: number | undefined;
}

const server = new JopiServer();
const myWebSite = server.addWebsite(new WebSite("http://127.0.0.1:3000"));
server.startServer();

myWebSite.onGET("/", req => {
    moduleCount = moduleCount + 1;
    // highlight-next-line
    globalThis.globalCount = (globalThis.globalCount ?? 0) + 1;
    return req.textResponse(`module variable: ${moduleCount}, globalThis: ${globalThis.globalCount}`);
});
