// Hono on Bun, doing what the jopi-rewrite server does for the same routes.
import {Hono} from "hono";
import {compressed, page, port} from "./page.ts";

const {gzip, br, etag} = compressed;

const app = new Hono();
app.get("/", (c) => c.html("Hello"));
app.get("/user/:id", (c) => c.json({id: c.req.param("id")}));
app.get("/cached", (c) => {
    const accept = c.req.header("accept-encoding") ?? "";
    const headers = {"content-type": "text/html; charset=utf-8", vary: "Accept-Encoding", etag};
    if (accept.includes("br")) return c.body(br, 200, {...headers, "content-encoding": "br"});
    if (accept.includes("gzip")) return c.body(gzip, 200, {...headers, "content-encoding": "gzip"});
    return c.body(page, 200, headers);
});
Bun.serve({port, fetch: app.fetch});
console.log(`ready on ${port}`);
