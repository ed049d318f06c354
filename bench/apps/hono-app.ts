import {Hono} from "hono";

const app = new Hono();
app.get("/", (c) => c.text("VERSION"));
Bun.serve({port: Number(process.env.PORT), fetch: app.fetch});
console.log("ready on", process.env.PORT);
