// Elysia on Bun, doing what the jopi-rewrite server does for the same routes.
import {Elysia} from "elysia";
import {compressed, page, port} from "./page.ts";

const {gzip, br, etag} = compressed;

new Elysia()
    .get("/", () => new Response("Hello", {headers: {"content-type": "text/html; charset=utf-8"}}))
    .get("/user/:id", ({params}) => ({id: params.id}))
    .get("/cached", ({headers}) => {
        const accept = headers["accept-encoding"] ?? "";
        const base = {"content-type": "text/html; charset=utf-8", vary: "Accept-Encoding", etag};
        if (accept.includes("br")) return new Response(br, {headers: {...base, "content-encoding": "br"}});
        if (accept.includes("gzip")) return new Response(gzip, {headers: {...base, "content-encoding": "gzip"}});
        return new Response(page, {headers: base});
    })
    .listen(port);
console.log(`ready on ${port}`);
