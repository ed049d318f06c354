// The clients of the restart bench, one kind per process: apart from the servers, so that the
// load generator's CPU share is its own and it never competes with a server inside one event loop.
// `bun bench/restart-load.ts <kind> <url> <clients>` prints "ready" once the url answers, requests
// until its stdin ends, then prints its figures as one JSON line. Its stdin also ends when the bench
// does, however it ends, so no load outlives it.
import {spawn} from "bun";
import type {RestartClientKind, RestartClientResult} from "../src/components/charts/types.ts";
import {BUN, endWithThisProcess, KeepAliveConnection, killGroup, LineLog, type Answer} from "hot-harness";

const POST_BODY = "x".repeat(4096);

/** One request on `connection`, its answer read whole; `once`: a new connection for every request. */
type Exchange = {once: boolean; send: (connection: KeepAliveConnection, url: string) => Promise<Answer>};

const exchanges: Record<RestartClientKind, Exchange> = {
    "keep-alive GET": {once: false, send: (connection, url) => connection.get(url)},
    // A health check or curl: the answer must be read whole before the server's close counts as normal.
    // Bun does not echo `Connection: close` in the answer, so the client ends the connection itself.
    "connection per request": {once: true, send: (connection, url) => connection.get(url, {connection: "close"})},
    "keep-alive POST, 4 KB": {
        once: false,
        async send(connection, url) {
            const answer = await connection.send("POST", url, POST_BODY);
            if (answer.status >= 200 && answer.status < 300 && answer.body !== `${POST_BODY.length} bytes`) throw new Error("body not read whole");
            return answer;
        },
    },
};

async function load(kind: RestartClientKind, url: string, clients: number, until: Promise<unknown>): Promise<Omit<RestartClientResult, "clients" | "rps">> {
    const {hostname, port} = new URL(url);
    const figures = {kind, requests: 0, failed: 0, non2xx: 0, longestGapMs: 0, cpuShare: 0, errors: {} as Record<string, number>};
    let running = true;
    let lastAnswer = performance.now();
    const client = async () => {
        while (running) {
            const connection = new KeepAliveConnection(hostname, Number(port));
            try {
                while (running) {
                    const answer = await exchanges[kind].send(connection, url);
                    const now = performance.now();
                    figures.longestGapMs = Math.max(figures.longestGapMs, now - lastAnswer);
                    lastAnswer = now;
                    figures.requests++;
                    if (answer.status < 200 || answer.status > 299) figures.non2xx++;
                    if (answer.close || exchanges[kind].once) break;
                }
            } catch (error) {
                // Never retried: a request without a complete answer is lost, whatever the cause.
                figures.failed++;
                const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
                figures.errors[reason] = (figures.errors[reason] ?? 0) + 1;
                await Bun.sleep(5);
            } finally {
                connection.end();
            }
        }
    };
    const cpu = process.cpuUsage();
    const started = performance.now();
    const done = Promise.all(Array.from({length: clients}, client));
    await until;
    running = false;
    await done;
    const used = process.cpuUsage(cpu);
    figures.cpuShare = Math.round(((used.user + used.system) / 1000 / (performance.now() - started)) * 100) / 100;
    figures.longestGapMs = Math.round(figures.longestGapMs);
    return figures;
}

async function answers(url: string): Promise<void> {
    for (let tries = 0; tries < 400; tries++) {
        const connection = new KeepAliveConnection(new URL(url).hostname, Number(new URL(url).port));
        const status = await connection.get(url, {}, 1000).then((answer) => answer.status, () => 0);
        connection.end();
        if (status === 200) return;
        await Bun.sleep(25);
    }
    throw new Error(`bench: nothing answers ${url}`);
}

/** A running load process; `stop` ends it and returns what its clients saw. */
export interface RestartLoad {
    stop(): Promise<Omit<RestartClientResult, "rps">>;
}

/**
 * Starts `clients` clients of one kind in a process of their own (`wrap` runs it elsewhere, e.g. in a
 * network namespace) and resolves once `url` answers them.
 * @example const load = await startRestartLoad("keep-alive GET", "http://127.0.0.1:3000/", 64, []);
 * @see https://jopi-rewrite.dev/docs/performance#restarts-under-load
 */
export async function startRestartLoad(kind: RestartClientKind, url: string, clients: number, wrap: string[]): Promise<RestartLoad> {
    const child = spawn([...wrap, BUN, import.meta.path, kind, url, String(clients)], {stdin: "pipe", stdout: "pipe", stderr: "pipe", detached: true});
    endWithThisProcess(child);
    const out = new LineLog();
    void out.follow(child.stdout);
    const errors = new Response(child.stderr).text();
    const fail = async (what: string) => {
        killGroup(child.pid, "SIGKILL");
        return new Error(`bench: the ${kind} load ${what}: ${(await errors).trim() || out.lines.join("\n")}`);
    };
    await out.waitFor("ready", {timeoutMs: 20_000}).catch(async () => Promise.reject(await fail("never started")));
    return {
        async stop() {
            child.stdin.end();
            if ((await child.exited) !== 0) throw await fail("failed");
            return {...(JSON.parse(out.lines.findLast((line) => line.startsWith("{"))!) as Omit<RestartClientResult, "rps" | "clients">), clients};
        },
    };
}

if (import.meta.main) {
    const [kind, url, clients] = process.argv.slice(2) as [RestartClientKind, string, string];
    if (!(kind in exchanges)) throw new Error(`bench: unknown client kind ${JSON.stringify(kind)}; one of ${Object.keys(exchanges).join(", ")}`);
    await answers(url);
    console.log("ready");
    console.log(JSON.stringify(await load(kind, url, Number(clients), new Response(Bun.stdin.stream()).arrayBuffer())));
}
