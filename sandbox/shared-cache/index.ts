import {initSharedCache, JopiServer, WebSite} from "jopi-rewrite";

// One cache for every worker and every host: pages live in Redis (or Valkey), stored once with
// every coding, and each process keeps its own memory cache in front of it.
// highlight-next-line
const shared = initSharedCache({url: process.env.REDIS_URL ?? "redis://127.0.0.1:6379", ttlSeconds: 3600});

const server = new JopiServer();
// highlight-next-line
const myWebSite = server.addWebsite(new WebSite("http://127.0.0.1:3000", {cache: shared}));
server.startServer();

let renders = 0;
myWebSite.onGET("/", async req => {
    let res = await req.getFromCache();
    if (!res) {
        res = req.htmlResponse(`<p>Render #${++renders}, by process ${process.pid}</p>`);
        res = await req.addToCache_Compressed(res);
    }
    return res;
});

// Forgets the page in Redis and in every worker's memory.
myWebSite.onGET("/forget", async req => req.textResponse(`removed: ${await req.removeFromCache("/")}`));
