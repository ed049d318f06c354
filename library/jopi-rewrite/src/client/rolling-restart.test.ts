import {afterEach, expect, test} from "bun:test";
import {endAll} from "hot-harness";
import {restartCommand, serve} from "../../test/supervisor-support.ts";
import {ResumableWebSocket} from "./index.ts";

afterEach(endAll);

// The client through the real supervisor: `jopi-rewrite serve --workers 2`, two rolling restarts
// while the app sends each session a numbered tick every 30 ms and the clients keep sending.
const files = {"app.ts": `import {JopiServer, WebSite} from "jopi-rewrite";
const server = new JopiServer();
const site = server.addWebsite(new WebSite("http://127.0.0.1"));
site.onWebSocket("/live", {
    resume: {keepFor: "30s"},
    open(ws) { if (!ws.recovered) Object.assign(ws.data, {ticks: 0, got: 0, bad: 0}); },
    message(ws, text) {
        ws.data.got++;
        if (text !== "c" + ws.data.got) ws.data.bad++;
        ws.send("echo " + ws.data.got + " " + ws.data.bad);
    },
});
setInterval(() => { for (const ws of site.webSockets()) ws.send("tick " + ++ws.data.ticks); }, 30);
server.startServer();
`};

test("ResumableWebSocket through two rolling restarts of jopi-rewrite serve: recovered each time, every tick once and in order, every send delivered once", async () => {
    const {app, url} = await serve(["--workers", "2"], files);
    const clients = Array.from({length: 6}, () => {
        const ws = new ResumableWebSocket(`${url.replace("http", "ws")}/live`);
        const seen = {ws, opens: [] as boolean[], messages: [] as string[], closes: 0};
        ws.onopen = () => seen.opens.push(ws.recovered);
        ws.onmessage = (event) => seen.messages.push(event.data as string);
        ws.onclose = () => seen.closes++;
        return seen;
    });
    const until = async (what: string, ready: () => boolean) => {
        const deadline = Date.now() + 10_000;
        while (!ready()) {
            if (Date.now() > deadline) throw new Error(`not within 10 s: ${what}`);
            await Bun.sleep(10);
        }
    };
    await until("every first open", () => clients.every((client) => client.opens.length === 1));
    let sent = 0;
    // Sends go on through the restarts: while a client is away they wait in its queue.
    const talk = setInterval(() => {
        sent++;
        for (const client of clients) client.ws.send(`c${sent}`);
    }, 40);
    try {
        for (let restart = 1; restart <= 2; restart++) {
            await Bun.sleep(300);
            expect((await restartCommand(app)).code).toBe(0);
        }
        await Bun.sleep(300);
    } finally {
        clearInterval(talk);
    }
    for (const [i, client] of clients.entries()) {
        await until(`the echoes of client ${i}`, () => client.messages.filter((m) => m.startsWith("echo ")).length === sent);
        const ticks = client.messages.filter((m) => m.startsWith("tick ")).map((m) => Number(m.slice(5)));
        expect({
            client: i,
            recovered: client.opens.slice(1).every(Boolean),
            reconnected: client.opens.length >= 2,
            ticksInOrderOnce: ticks.every((n, index) => n === index + 1),
            lastEcho: client.messages.filter((m) => m.startsWith("echo ")).at(-1),
            closes: client.closes,
        }).toEqual({client: i, recovered: true, reconnected: true, ticksInOrderOnce: true, lastEcho: `echo ${sent} 0`, closes: 0});
        expect(ticks.length).toBeGreaterThan(30);
        client.ws.close();
    }
}, 30_000);
