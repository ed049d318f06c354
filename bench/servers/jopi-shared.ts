// jopi-rewrite serving the page every throughput server serves, with `req.getFromCacheOr(...)`,
// which answers a first-tier hit at once (HANDLER=await: `(await req.getFromCache()) ?? ...`
// instead, the await costing a turn of the event loop per request). CACHE=shared (the default): the shared tier on
// REDIS_URL; CACHE=redis-only: a first tier that keeps nothing, so that every hit comes from
// Redis; CACHE=memory: the memory cache alone, for comparison. SITE sets the website's URL (its
// own port by default), so that workers on several ports can declare the same one.
import {initSharedCache, InMemoryCache, JopiServer, WebSite} from "jopi-rewrite";
import {page, port} from "./page.ts";

const mode = process.env.CACHE ?? "shared";
const firstTier = mode === "redis-only" ? new InMemoryCache({maxBytes: 1}) : undefined;
const cache = mode === "memory" ? undefined : initSharedCache({url: process.env.REDIS_URL!, firstTier});
const server = new JopiServer();
const site = server.addWebsite(new WebSite(process.env.SITE ?? `http://127.0.0.1:${port}`, {cache}));
site.onGET(
    "/cached",
    process.env.HANDLER === "await"
        ? async (req) => (await req.getFromCache()) ?? req.addToCache_Compressed(req.htmlResponse(page))
        : (req) => req.getFromCacheOr(() => req.htmlResponse(page)),
);
site.onGET("/stats", (req) => req.jsonResponse(cache?.stats ?? {}));
server.startServer();
console.log(`ready on ${port}`);
