// jopi-rewrite serving a product page of about 200 KB, rendered at each request, for the
// cache-flood bench (bench/cache-flood.ts). CACHE=off: the same handler with no cache at all.
// With the cache, it counts the answers to popular pages (`?p=<n>`): from the cache or rendered.
import {getInMemoryCache, JopiServer, WebSite} from "jopi-rewrite";
import {port} from "./page.ts";

const products = Array.from({length: 2_000}, (_, i) => ({id: i, name: `Product ${i}`, price: (i * 7.31) % 500, stock: (i * 13) % 97}));

/** The page, rendered from its data as a template engine would: about 200 KB of HTML. */
function render(query: string): string {
    const rows = products.map((p) => `<tr><td>${p.id}</td><td><a href="/product/${p.id}">${p.name}</a></td><td>${p.price.toFixed(2)} EUR</td><td>${p.stock} in stock</td></tr>`);
    return `<!doctype html><html><head><title>Catalogue ${query}</title></head><body><h1>Catalogue</h1><table>\n${rows.join("\n")}\n</table></body></html>`;
}

const server = new JopiServer();
const site = server.addWebsite(new WebSite(`http://127.0.0.1:${port}`));
const popular = {hits: 0, rendered: 0};
if (process.env.CACHE === "off") {
    site.onGET("/page", (req) => req.htmlResponse(render(req.url.search)));
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
