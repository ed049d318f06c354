// The baseline: raw Bun.serve doing by hand what jopi-rewrite does for the same routes.
import {brotliCompressSync, constants} from "node:zlib";
import {page, port} from "./page.ts";

const gzip = Bun.gzipSync(page);
const br = brotliCompressSync(page, {params: {[constants.BROTLI_PARAM_QUALITY]: 5}});
const etag = `"${Bun.hash(page).toString(16)}"`;

function cached(req: Request): Response {
    const accept = req.headers.get("accept-encoding") ?? "";
    const headers = {"content-type": "text/html; charset=utf-8", vary: "Accept-Encoding", etag};
    if (accept.includes("br")) return new Response(br, {headers: {...headers, "content-encoding": "br"}});
    if (accept.includes("gzip")) return new Response(gzip, {headers: {...headers, "content-encoding": "gzip"}});
    return new Response(page, {headers});
}

Bun.serve({
    port,
    routes: {
        "/": () => new Response("Hello", {headers: {"content-type": "text/html; charset=utf-8"}}),
        "/user/:id": (req) => Response.json({id: req.params.id}),
        "/cached": cached,
    },
});
console.log(`ready on ${port}`);
