import {getInMemoryCache, JopiServer, WebSite} from "jopi-rewrite";

const server = new JopiServer();
const myWebSite = server.addWebsite(new WebSite("http://127.0.0.1:3000"));
server.startServer();

// A page big enough to be worth compressing (the cache compresses bodies of 1 KB and more).
const items = Array.from({length: 500}, (_, i) => `<li>Product #${i}</li>`).join("\n");
const page = `<!doctype html>\n<h1>Catalogue</h1>\n<ul>\n${items}\n</ul>\n`;

myWebSite.onGET("/", async req => {
    // The cached page in a coding this client accepts (br, gzip or none), or a 304.
    // highlight-next-line
    let res = await req.getFromCache();
    if (!res) {
        // Compressed once, here, with gzip and brotli: not again at each request.
        // highlight-next-line
        res = await req.addToCache_Compressed(req.htmlResponse(page));
    }
    return res;
});

// What the cache did so far.
myWebSite.onGET("/stats", req => req.jsonResponse(getInMemoryCache().stats));
