import {afterEach, describe, expect, test} from "bun:test";
import {endAll, SocketClient} from "hot-harness";
import {restartCommand, serve} from "../../test/supervisor-support.ts";
import {closeReconnectingClients, SessionClient} from "../../test/session-client.ts";

afterEach(() => {
    closeReconnectingClients();
    return endAll();
});

// The real supervisor with two workers, real clients speaking the session protocol: the app sends
// each session a numbered tick every 30 ms (its counter in ws.data) and publishes on a topic it
// subscribed to once; rolling restarts move every session from worker to worker.
const files = {"app.ts": `import {JopiServer, WebSite} from "jopi-rewrite";
const server = new JopiServer();
const site = server.addWebsite(new WebSite("http://127.0.0.1"));
site.onWebSocket("/live/:name", {
    resume: {keepFor: "30s"},
    open(ws) {
        if (ws.recovered) return;
        Object.assign(ws.data, {ticks: 0, got: 0, bad: 0});
        ws.subscribe("news");
        ws.send("open " + ws.data.params.name);
    },
    message(ws, text) {
        ws.data.got++;
        if (text !== "c" + ws.data.got) ws.data.bad++;
        ws.send("echo " + ws.data.got + " " + ws.data.bad);
    },
});
site.onWebSocket("/odd", {
    resume: true,
    open(ws) {
        if (!ws.recovered) ws.data.big = 1n;
        ws.send("open " + ws.recovered);
    },
});
setInterval(() => { for (const ws of site.webSockets()) if (ws.sessionId && ws.pattern !== "/odd") ws.send("tick " + ++ws.data.ticks + " " + ws.data.params.name); }, 30);
setInterval(() => site.publish("news", "news " + process.pid), 100);
server.startServer();
`};

/** What a client got, checked: ticks 1, 2, 3... with its own name, echoes of each of its messages once. */
function verdict(client: SessionClient, name: string, sent: number) {
    const ticks = client.messages.filter((m) => m.startsWith("tick ")).map((m) => m.split(" "));
    const outOfOrder = ticks.filter(([, n], index) => Number(n) !== index + 1).length;
    const echoes = client.messages.filter((m) => m.startsWith("echo "));
    return {
        recovered: client.hellos.slice(1).every((hello) => hello.recovered) && client.hellos.every((hello) => hello.session === client.hellos[0]!.session),
        lost: client.gaps, duplicated: client.repeats, outOfOrder,
        dataKept: ticks.every(([, , tickName]) => tickName === name),
        echoes: echoes.length === sent && echoes.at(-1) === `echo ${sent} 0`,
    };
}

describe("resumable WebSockets across rolling restarts", () => {
    test("every session comes back to whichever worker the client reaches: nothing lost, duplicated or out of order; topics and data kept", async () => {
        const {app, url} = await serve(["--workers", "2"], files);
        const ws = url.replace("http", "ws");
        const clients = Array.from({length: 12}, (_, i) => new SessionClient(`${ws}/live/c${i}`, true));
        await Promise.all(clients.map((client) => client.connect()));
        let sent = 0;
        const talk = setInterval(() => {
            sent++;
            for (const client of clients) client.send(`c${sent}`);
        }, 40);
        try {
            for (let restart = 1; restart <= 2; restart++) {
                await Bun.sleep(300);
                const command = await restartCommand(app);
                expect(command.code).toBe(0);
            }
            // A dropped connection (no restart): resumed on whichever worker it reaches.
            for (const client of clients.slice(0, 4)) client.drop();
            await Promise.all(clients.slice(0, 4).map((client) => client.connect()));
            await Bun.sleep(300);
        } finally {
            clearInterval(talk);
        }
        const newsBefore = clients.map((client) => client.messages.filter((m) => m.startsWith("news ")).length);
        await Bun.sleep(400);
        for (const [i, client] of clients.entries()) {
            await client.waitFor(() => client.messages.filter((m) => m.startsWith("echo ")).length === sent);
            expect({client: i, ...verdict(client, `c${i}`, sent)}).toEqual({client: i, recovered: true, lost: 0, duplicated: 0, outOfOrder: 0, dataKept: true, echoes: true});
            expect(client.hellos.length).toBeGreaterThanOrEqual(2);
            // The topic subscribed to once, at the first open, still delivers after the restarts.
            expect(client.messages.filter((m) => m.startsWith("news ")).length).toBeGreaterThan(newsBefore[i]!);
            expect(client.messages.filter((m) => m.startsWith("tick ")).length).toBeGreaterThan(50);
            client.close();
        }
        expect(app.stdout.lines.filter((line) => line.includes("drained in")).length).toBe(4);
    }, 30_000);

    test("a plain client on the same route works as before; a session whose data is not JSON is not handed over, and says so", async () => {
        const {app, url} = await serve(["--workers", "2"], files);
        const ws = url.replace("http", "ws");
        const plain = await SocketClient.connect(`${ws}/live/plain`);
        expect(await plain.messages.waitFor("open")).toBe("open plain");
        expect(await plain.ask("c1", "echo")).toBe("echo 1 0");
        expect(await plain.messages.waitFor("news ")).toStartWith("news ");
        expect(plain.messages.lines.every((line) => !/^[mha]\d/.test(line))).toBe(true);

        const odd = new SessionClient(`${ws}/odd`, true);
        const first = await odd.connect();
        expect((await restartCommand(app)).code).toBe(0);
        // Back once, or twice when its first way back reached the worker restarted second, before its turn.
        await odd.waitFor(() => odd.hellos.length >= 2 && odd.messages.length === odd.hellos.length);
        expect(odd.hellos.slice(1).map((hello) => hello.recovered)).toEqual(odd.hellos.slice(1).map(() => false));
        expect(new Set(odd.hellos.map((hello) => hello.session)).size).toBe(odd.hellos.length);
        expect(odd.hellos[0]!.session).toBe(first.session);
        expect(odd.messages).toEqual(odd.hellos.map(() => "open false"));
        await app.stderr.waitFor(/jopi-rewrite: a session of WebSocket \/odd on 127\.0\.0\.1:\d+ has data that is not JSON \(.*\); not handed over, its client gets a new session\./);
        plain.close();
        odd.close();
    }, 20_000);
});
