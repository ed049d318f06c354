import {BUN, freePort, startHot, type HotProcess} from "hot-harness";
import {connect, type Socket} from "node:net";
import {join} from "node:path";

/** The command as `npx jopi-rewrite` runs it. */
export const CLI = join(import.meta.dir, "cli.ts");

/**
 * An app whose answer comes from a package in its own node_modules: a change there is not picked
 * up by hot reload (Bun does not watch node_modules), only by a restart.
 */
export const appFiles = (version: string, extra = ""): Record<string, string> => ({
    "app.ts": `import {JopiServer, WebSite} from "jopi-rewrite";
import {version} from "greeting";
const server = new JopiServer();
const site = server.addWebsite(new WebSite("http://127.0.0.1"));
site.onGET("/", req => req.textResponse(version, " ", String(process.pid)));
site.onGET("/slow", async req => { await Bun.sleep(Number(req.searchParams.get("ms") ?? 1000)); return req.textResponse("slow ", version); });
site.onGET("/crash", () => process.exit(3));
server.startServer();
${extra}`,
    ...packageFiles(version),
});

export const packageFiles = (version: string, body = `export const version = "${version}";`) => ({
    "node_modules/greeting/package.json": `{"name": "greeting", "type": "module", "main": "index.ts"}`,
    "node_modules/greeting/index.ts": body,
});

export interface Served {
    app: HotProcess;
    url: string;
}

/** Starts `jopi-rewrite serve app.ts` with `args` in its own process group; resolves once every worker is up. */
export async function serve(args: string[], files = appFiles("v1")): Promise<Served> {
    const port = await freePort();
    const app = startHot({files, entry: CLI, mode: "none", args: ["serve", "app.ts", ...args], env: {PORT: String(port)}});
    await app.stdout.waitFor(/ worker\(s\) of app\.ts answer on port /, {timeoutMs: 15_000});
    return {app, url: `http://127.0.0.1:${port}`};
}

/** Runs `jopi-rewrite restart` in the app's folder. */
export async function restartCommand(app: HotProcess): Promise<{code: number; output: string}> {
    const child = Bun.spawn([BUN, CLI, "restart"], {cwd: app.dir, stdout: "pipe", stderr: "pipe"});
    const [output, errors, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
    return {code, output: output + errors};
}

/**
 * Keep-alive clients requesting `url` in a loop until stopped, as wrk does: a connection is reused
 * until an answer says `Connection: close`, and a connection closed while a request waits on it
 * counts as a failed request, never retried (fetch() would retry it and hide the loss).
 */
export function load(url: string, clients: number) {
    const {hostname, port} = new URL(url);
    const stats = {requests: 0, failed: 0, non2xx: 0, closedByServer: 0, errors: [] as string[], bodies: new Set<string>()};
    let running = true;
    const client = async () => {
        while (running) {
            const connection = new KeepAliveConnection(hostname, Number(port));
            try {
                while (running) {
                    const answer = await connection.get(`http://${hostname}:${port}/`);
                    stats.requests++;
                    if (answer.status < 200 || answer.status > 299) stats.non2xx++;
                    else stats.bodies.add(answer.body.split(" ")[0]!);
                    if (answer.close) {
                        stats.closedByServer++;
                        break;
                    }
                }
            } catch (error) {
                stats.failed++;
                stats.errors.push((error as Error).message);
                await Bun.sleep(5);
            } finally {
                connection.end();
            }
        }
    };
    const done = Promise.all(Array.from({length: clients}, client));
    return {
        stats,
        stop: async () => {
            running = false;
            await done;
            return stats;
        },
    };
}

/** One HTTP/1.1 connection, one request at a time; an answer needs a Content-Length. */
export class KeepAliveConnection {
    private readonly socket: Socket;
    private buffer = "";
    private waiting: {resolve: () => void; reject: (error: Error) => void} | undefined;
    private closed: Error | undefined;

    constructor(host: string, port: number) {
        this.socket = connect(port, host);
        this.socket.setEncoding("latin1");
        this.socket.on("data", (data: string) => {
            this.buffer += data;
            this.waiting?.resolve();
        });
        const close = (error?: Error) => {
            this.closed ??= error ?? new Error("connection closed by the server");
            this.waiting?.reject(this.closed);
        };
        this.socket.on("error", close);
        this.socket.on("close", () => close());
    }

    /** Sends a GET and reads its whole answer; rejects if the connection ends first. */
    async get(url: string, headers: Record<string, string> = {}): Promise<{status: number; headers: Record<string, string>; body: string; close: boolean}> {
        const {host, pathname, search} = new URL(url);
        const lines = Object.entries({host, ...headers}).map(([name, value]) => `${name}: ${value}\r\n`);
        this.socket.write(`GET ${pathname}${search} HTTP/1.1\r\n${lines.join("")}\r\n`);
        for (;;) {
            const head = this.buffer.indexOf("\r\n\r\n");
            if (head >= 0) {
                const [statusLine, ...headerLines] = this.buffer.slice(0, head).split("\r\n");
                const fields = Object.fromEntries(headerLines.map((line) => [line.slice(0, line.indexOf(":")).toLowerCase(), line.slice(line.indexOf(":") + 1).trim()]));
                const length = Number(fields["content-length"] ?? 0);
                if (this.buffer.length >= head + 4 + length) {
                    const body = this.buffer.slice(head + 4, head + 4 + length);
                    this.buffer = this.buffer.slice(head + 4 + length);
                    return {status: Number(statusLine!.split(" ")[1]), headers: fields, body, close: fields.connection?.toLowerCase() === "close"};
                }
            }
            if (this.closed) throw this.closed;
            await new Promise<void>((resolve, reject) => (this.waiting = {resolve, reject}));
            this.waiting = undefined;
        }
    }

    /** Resolves when the server has closed the connection. */
    get ended(): Promise<void> {
        return this.closed ? Promise.resolve() : new Promise((resolve) => this.socket.once("close", () => resolve()));
    }

    end(): void {
        this.socket.destroy();
    }
}

/** Whether any process of the group led by `pid` is still alive. */
export function groupAlive(pid: number): boolean {
    try {
        process.kill(-pid, 0);
        return true;
    } catch {
        return false;
    }
}

export {freePort};
