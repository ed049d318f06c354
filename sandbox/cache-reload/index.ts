import {getInMemoryCache, JopiServer, WebSite, initMemoryCache} from "jopi-rewrite";

// Memory cache is automatically protected against hot-reload.
// This line allows disabling this cache protection.
// You can try to comment/uncomment this line.
// highlight-next-line
initMemoryCache({clearOnHotReload: true});

const memoryCache = getInMemoryCache();

const server = new JopiServer();
const myWebSite = server.addWebsite(new WebSite("http://127.0.0.1", {cache: memoryCache}));
server.startServer();

myWebSite.onGET("/", async req => {
    let res = await req.getFromCache(true);

    if (!res) {
        // Will allow seeing if the cache is reset when a hot-reload occurs.
        res = req.htmlResponse(new Date().toLocaleString());
        res = await req.addToCache_Compressed(res);
    }

    return res;
});
