import {BUN, freePort, startHot, type HotProcess} from "hot-harness";
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

/** Runs `jopi-rewrite restart` in the app's folder. */
export async function restartCommand(app: HotProcess): Promise<{code: number; output: string}> {
    const child = Bun.spawn([BUN, CLI, "restart"], {cwd: app.dir, stdout: "pipe", stderr: "pipe"});
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
