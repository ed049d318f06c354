import "./one-line.ts";

Bun.serve({port: Number(process.env.PORT), fetch: () => new Response("VERSION")});
console.log("ready on", process.env.PORT);
