// The baseline: raw Bun.serve doing by hand what jopi-rewrite does for the same routes. That
// includes answering only the host the website is declared for (127.0.0.1 and its port): other
// hosts get a 404, as from jopi-rewrite, which also keeps DNS rebinding away. The check reads
// request.url, the cheapest way raw Bun has to see the host. With BENCH_ANY_HOST=1 it answers any
// host instead, to show what the check costs.
import {compressed, page, port} from "./page.ts";

const {gzip, br, etag} = compressed;
const html = {"content-type": "text/html; charset=utf-8"};

function cached(req: Request): Response {
    const accept = req.headers.get("accept-encoding") ?? "";
    const headers = {...html, vary: "Accept-Encoding", etag};
    if (accept.includes("br")) return new Response(br, {headers: {...headers, "content-encoding": "br"}});
    if (accept.includes("gzip")) return new Response(gzip, {headers: {...headers, "content-encoding": "gzip"}});
    return new Response(page, {headers});
}

const routes: Record<string, (req: Bun.BunRequest) => Response> = {
    "/": () => new Response("Hello", {headers: html}),
    "/user/:id": (req) => Response.json({id: req.params.id}),
    "/cached": cached,
};

const origin = `http://127.0.0.1:${port}/`;
const ownHostOnly = (answer: (req: Bun.BunRequest) => Response) => (req: Bun.BunRequest) =>
    req.url.startsWith(origin) ? answer(req) : new Response("Not Found", {status: 404});

Bun.serve({
    port,
    routes: process.env.BENCH_ANY_HOST ? routes : Object.fromEntries(Object.entries(routes).map(([path, answer]) => [path, ownHostOnly(answer)])),
});
console.log(`ready on ${port}`);
