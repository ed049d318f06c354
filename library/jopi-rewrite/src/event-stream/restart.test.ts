import {afterEach, expect, test} from "bun:test";
import {endAll} from "hot-harness";
import {ResumingStream} from "../../test/resuming-stream.ts";
import {restartCommand, serve} from "../../test/supervisor-support.ts";

const clients: ResumingStream[] = [];
afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
    await endAll();
});

// Each session counts its own events in stream.data, which moves with it from worker to worker:
// the numbers a client receives must be 1, 2, 3... whichever workers sent them. Its channel moves
// with it too: it hears what each worker that held it published.
const files = {
    "app.ts": `import {JopiServer, WebSite} from "jopi-rewrite";
const server = new JopiServer();
const site = server.addWebsite(new WebSite("http://127.0.0.1"));
site.onGET("/feed", req => req.eventStream({
    resume: true,
    channel: "news",
    open(stream) { console.log("open", stream.sessionId, stream.recovered); },
    close(stream) { console.log("close", stream.sessionId); },
}));
setInterval(() => {
    for (const stream of site.eventStreams()) stream.send(String(stream.data.n = (stream.data.n ?? 0) + 1));
}, 25);
// The channel goes with the session: the worker that takes it over publishes to it too.
setInterval(() => site.publishEvent("news", {event: "news", data: String(process.pid)}), 100);
server.startServer();
`,
};

const CLIENTS = 6;

test("2 rolling restarts under --workers 2: every event-stream session recovered, no event lost, repeated or out of order", async () => {
    const {app, url} = await serve(["--workers", "2"], files);
    for (let i = 0; i < CLIENTS; i++) clients.push(new ResumingStream(`${url}/feed`));
    await Promise.all(clients.map((client) => client.waitForEvents(5)));
    const sessions = clients.map((client) => client.sessionId);

    for (let restart = 1; restart <= 2; restart++) {
        const command = await restartCommand(app);
        expect(command.output).toContain("jopi-rewrite: rolling restart done.");
        const counts = clients.map((client) => client.received.length);
        await Promise.all(clients.map((client, i) => client.waitForEvents(counts[i]! + 5)));
    }

    console.log(`${CLIENTS} sessions: ${clients.map((client) => `${client.received.length} events over ${client.connections} connections`).join(", ")}`);
    for (const [i, client] of clients.entries()) {
        const numbers = client.received.filter((event) => event.event === "message").map((event) => Number(event.data));
        const publishers = new Set(client.received.filter((event) => event.event === "news").map((event) => event.data));
        expect(publishers.size).toBeGreaterThanOrEqual(2);
        expect({session: client.sessionId, numbers}).toEqual({session: sessions[i]!, numbers: numbers.map((_, n) => n + 1)});
        // Each restart drains both workers: the session moved at least twice.
        expect(client.connections).toBeGreaterThanOrEqual(3);
    }
    // Each worker's lines come prefixed with its name: "[worker 1] open <session> true".
    const opens = app.stdout.lines.filter((line) => /\] open \S+ (true|false)$/.test(line));
    expect(opens.filter((line) => line.endsWith(" false")).length).toBe(CLIENTS);
    expect(opens.filter((line) => line.endsWith(" true")).length).toBe(clients.reduce((n, client) => n + client.connections - 1, 0));
    expect(app.stdout.lines.filter((line) => line.includes("] close "))).toEqual([]);
}, 60_000);
