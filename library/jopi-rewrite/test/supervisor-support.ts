import {BUN, freePort, HotProcess, startHot} from "hot-harness";
export {KeepAliveConnection, keepAliveLoad as load} from "hot-harness";
import {join} from "node:path";

/** The command as `npx jopi-rewrite` runs it. */
export const CLI = join(import.meta.dir, "../src/supervisor/cli.ts");

/**
 * An app whose answer comes from a package in its own node_modules: a change there is not picked
 * up by hot reload (Bun does not watch node_modules), only by a restart.
 */
export const appFiles = (version: string): Record<string, string> => ({
    "app.ts": `import {JopiServer, WebSite} from "jopi-rewrite";
import {version} from "greeting";
const server = new JopiServer();
const site = server.addWebsite(new WebSite("http://127.0.0.1"));
site.onGET("/", req => req.textResponse(version, " ", String(process.pid)));
site.onGET("/slow", async req => { await Bun.sleep(Number(req.searchParams.get("ms") ?? 1000)); return req.textResponse("slow ", version); });
site.onGET("/crash", () => process.exit(3));
server.startServer();
`,
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

/** Runs `jopi-rewrite restart` with `args` in the app's folder. */
export async function restartCommand(app: HotProcess, args: string[] = []): Promise<{code: number; output: string}> {
    const child = Bun.spawn([BUN, CLI, "restart", ...args], {cwd: app.dir, stdout: "pipe", stderr: "pipe"});
    const [output, errors, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
    return {code, output: output + errors};
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

/**
 * Starts `jopi-rewrite serve app.ts` with `args` in `dir`, a folder that another supervisor may
 * serve already, in its own process group: end it with `stop()`.
 */
export function serveIn(dir: string, args: string[], env: Record<string, string> = {}): HotProcess {
    const child = Bun.spawn([BUN, CLI, "serve", "app.ts", ...args], {
        cwd: dir,
        env: {...process.env, FORCE_COLOR: "0", NO_COLOR: "1", ...env},
        stdin: "ignore",
        stdout: "pipe",
        stderr: "pipe",
        detached: true,
    });
    return new HotProcess(dir, child);
}

// Once a process has exited, its last output may still be in the pipe, on its way to the LineLog.
const OUTPUT_LAG_MS = 50;

/** The exit code of `app` (its output read), or "still running" if it has not exited within `ms`. */
export function exitWithin(app: HotProcess, ms: number): Promise<number | "still running"> {
    const exited = app.exited.then(async (code) => (await Bun.sleep(OUTPUT_LAG_MS), code));
    return Promise.race([exited, Bun.sleep(ms).then(() => "still running" as const)]);
}

/** Of two supervisors started at once, the one that exited first (within `ms`) and the other one. */
export async function loserAndWinner([a, b]: HotProcess[], ms = 15_000): Promise<{loser: HotProcess; winner: HotProcess}> {
    const first = await Promise.race([a!.exited.then(() => a!), b!.exited.then(() => b!), Bun.sleep(ms).then(() => undefined)]);
    if (!first) throw new Error(`neither supervisor exited within ${ms} ms: both serve.`);
    await Bun.sleep(OUTPUT_LAG_MS);
    return {loser: first, winner: first === a ? b! : a!};
}
