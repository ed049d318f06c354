import {JopiServer, WebSite} from "jopi-rewrite";

const server = new JopiServer();
const myWebSite = server.addWebsite(new WebSite("http://127.0.0.1:3000"));
server.startServer();

// The same page for every visitor: cached once, served to all.
myWebSite.onGET("/", req => req.getFromCacheOr(() => req.htmlResponse("<h1>Welcome</h1>")));

// A page made for one visitor. It says so with Vary: Cookie, and the cache never stores it:
// handing Alice's page to Bob is the worst thing a cache can do.
myWebSite.onGET("/account", req => req.getFromCacheOr(() => {
    const user = req.getCookie("user") ?? "guest";
    // highlight-next-line
    return req.htmlResponse(`<h1>Hello ${user}</h1>`, {headers: {vary: "Cookie"}});
}));

// Only GET answers are cached: this POST does not replace the cached home page.
myWebSite.onPOST("/", req => req.addToCache_Compressed(req.htmlResponse("<h1>Thanks for your message</h1>")));
