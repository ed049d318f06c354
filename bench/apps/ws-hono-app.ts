import {Hono} from "hono";
import {upgradeWebSocket, websocket} from "hono/bun";
import {streamSSE} from "hono/streaming";

const app = new Hono();
app.get("/", (c) => c.text("VERSION"));
app.get("/ws", upgradeWebSocket(() => ({onMessage(event, ws) { ws.send(event.data as string); }})));
app.get("/events", (c) => streamSSE(c, async (stream) => {
    let n = 0;
    while (!stream.aborted) {
        await stream.writeSSE({data: String(++n)});
        await stream.sleep(20);
    }
}));
Bun.serve({port: Number(process.env.PORT), fetch: app.fetch, websocket});
