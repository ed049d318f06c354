import {getInMemoryCache, initMemoryCache, JopiServer, WebSite} from "jopi-rewrite";

// A tiny budget, to watch the limit at work: 64 KB for all the cached pages together.
// When the cache is full, a page asked for once is not stored; asked for again, it takes
// the place of the least recently used ones.
// highlight-next-line
initMemoryCache({maxBytes: 64 * 1024});

const server = new JopiServer();
const myWebSite = server.addWebsite(new WebSite("http://127.0.0.1:3000"));
server.startServer();

// Product pages of about 5 KB each.
myWebSite.onGET("/product/:id", async req => {
    let res = await req.getFromCache();
    if (!res) {
        const page = `<h1>Product ${req.urlParams.id}</h1>\n` + "<p>Lorem ipsum dolor sit amet.</p>\n".repeat(150);
        // Uncompressed, so that the sizes are easy to follow.
        res = await req.addToCache_Uncompressed(req.htmlResponse(page));
    }
    return res;
});

myWebSite.onGET("/stats", req => req.jsonResponse(getInMemoryCache().stats));
