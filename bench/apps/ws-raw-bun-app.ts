const encoder = new TextEncoder();

function events(): Response {
    let n = 0;
    let timer: Timer;
    const body = new ReadableStream({
        start(controller) {
            controller.enqueue(encoder.encode(": open\n\n"));
            timer = setInterval(() => controller.enqueue(encoder.encode(`data: ${++n}\n\n`)), 20);
        },
        cancel() { clearInterval(timer); },
    });
    return new Response(body, {headers: {"content-type": "text/event-stream"}});
}

Bun.serve({
    port: Number(process.env.PORT),
    routes: {
        "/": new Response("VERSION"),
        "/ws": (req, server) => (server.upgrade(req) ? undefined : new Response("Upgrade failed", {status: 400})),
        "/events": events,
    },
    websocket: {message(ws, message) { ws.send(message); }},
});
