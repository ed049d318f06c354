// jopi-rewrite serving a product page of about 200 KB, rendered at each request, for the
// cache-flood bench (bench/cache-flood.ts). CACHE=off: the same handler with no cache at all;
// CACHE=shared: the shared tier on REDIS_URL. With a cache, it counts the answers to popular pages
// (`?p=<n>`): from the process's memory (the first tier, for the shared one) or not.
import {getInMemoryCache, initSharedCache, JopiServer, WebSite} from "jopi-rewrite";
import {port} from "./page.ts";

const products = Array.from({length: 2_000}, (_, i) => ({id: i, name: `Product ${i}`, price: (i * 7.31) % 500, stock: (i * 13) % 97}));

/** The page, rendered from its data as a template engine would: about 200 KB of HTML. */
function render(query: string): string {
    const rows = products.map((p) => `<tr><td>${p.id}</td><td><a href="/product/${p.id}">${p.name}</a></td><td>${p.price.toFixed(2)} EUR</td><td>${p.stock} in stock</td></tr>`);
    return `<!doctype html><html><head><title>Catalogue ${query}</title></head><body><h1>Catalogue</h1><table>\n${rows.join("\n")}\n</table></body></html>`;
}

const server = new JopiServer();
const cache = process.env.CACHE === "shared" ? initSharedCache({url: process.env.REDIS_URL!}) : undefined;
const site = server.addWebsite(new WebSite(`http://127.0.0.1:${port}`, {cache}));
const popular = {hits: 0, rendered: 0};
if (process.env.CACHE === "off") {
    site.onGET("/page", (req) => req.htmlResponse(render(req.url.search)));
} else if (cache) {
    site.onGET("/page", async (req) => {
        const cached = req.getFromCache();
        // A promise is a first-tier miss, even when Redis has the page.
        if (req.searchParams.has("p")) popular[cached instanceof Response ? "hits" : "rendered"]++;
        return (await cached) ?? req.addToCache_Compressed(req.htmlResponse(render(req.url.search)));
    });
} else {
    site.onGET("/page", (req) => {
        const cached = req.getFromCache() as Response | undefined;
        if (req.searchParams.has("p")) popular[cached ? "hits" : "rendered"]++;
        return cached ?? req.addToCache_Compressed(req.htmlResponse(render(req.url.search)));
    });
}
site.onGET("/counts", (req) => req.jsonResponse({popular, cache: getInMemoryCache().stats}));
server.startServer();
console.log(`ready on ${port}`);
