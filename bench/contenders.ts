import {spawn} from "bun";
import {copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {BUN, endWithThisProcess, freePort, killGroup} from "hot-harness";
import {installedRoot} from "./installed-library.ts";

// How `jopi-rewrite serve` runs each worker: its small entry imports the app, and runs again at each reload.
const workerEntry = () => join(installedRoot(), "node_modules/jopi-rewrite/src/supervisor/worker-entry.js");

/** One way of running an app that is edited while it serves. */
export interface Contender {
    name: string;
    app: string;
    /** Other files of bench/apps that the app imports, copied beside it. */
    files?: string[];
    command: (file: string) => string[];
}

/** How `bun --hot` runs an app file, for every contender that runs under it. */
export const hot = (file: string) => [BUN, "--hot", "--no-clear-screen", file];

export const contenders: Record<string, Contender> = {
    jopiHot: {name: "jopi-rewrite, bun --hot", app: "jopi-app.ts", command: hot},
    rawHot: {name: "raw Bun.serve, bun --hot", app: "raw-bun-app.ts", command: hot},
    rawImportHot: {name: "raw + one-line import, bun --hot", app: "raw-bun-import-app.ts", files: ["one-line.ts"], command: hot},
    jopiWorker: {name: "jopi-rewrite, a worker of jopi-rewrite serve", app: "jopi-app.ts", command: (file) => hot(workerEntry()).concat(file)},
    // The frameworks a reader would weigh us against, each the way its docs run it: one route, bun --hot.
    honoHot: {name: "Hono, bun --hot", app: "hono-app.ts", command: hot},
    elysiaHot: {name: "Elysia, bun --hot", app: "elysia-app.ts", command: hot},
    jopiWatch: {name: "jopi-rewrite, bun --watch", app: "jopi-app.ts", command: (file) => [BUN, "--watch", "--no-clear-screen", file]},
    nodeWatch: {name: "node:http, node --watch", app: "node-app.mjs", command: (file) => ["node", "--watch", file]},
};

/** Reload under load: each way of reloading the same app. */
export const underLoadContenders = [contenders.jopiHot!, contenders.rawHot!, contenders.jopiWatch!, contenders.nodeWatch!];
/** Reload latency: jopi-rewrite first, then its baseline (the targets compare these two), then the others. */
export const latencyContenders = [contenders.jopiHot!, contenders.rawHot!, contenders.rawImportHot!, contenders.jopiWorker!, contenders.honoHot!, contenders.elysiaHot!, contenders.nodeWatch!];

/** A contender's app running on a scratch copy, with the library installed beside it (installed-library.ts), on core 1. */
export async function launch(contender: Contender) {
    const dir = mkdtempSync(join(installedRoot(), "bench-"));
    const file = join(dir, contender.app);
    for (const name of [contender.app, ...(contender.files ?? [])]) copyFileSync(join(import.meta.dir, "apps", name), join(dir, name));
    const source = readFileSync(file, "utf8");
    const port = await freePort();
    const child = spawn(["taskset", "-c", "1", ...contender.command(file)], {cwd: dir, env: {...process.env, PORT: String(port), NO_COLOR: "1"}, stdout: "pipe", stderr: "pipe", detached: true});
    endWithThisProcess(child);
    const url = `http://127.0.0.1:${port}/`;
    const stop = async () => {
        killGroup(child.pid, "SIGKILL");
        await child.exited;
        rmSync(dir, {recursive: true, force: true});
    };
    for (let tries = 0; ; tries++) {
        if (await fetch(url).then((res) => res.text(), () => "") === "VERSION") break;
        if (tries > 200) {
            await stop();
            const stderr = (await new Response(child.stderr).text()).trim().split("\n").slice(-15).join("\n");
            throw new Error(`bench: ${contender.name} did not answer on ${url} within 5 s; it printed on stderr:\n${stderr || "(nothing)"}`);
        }
        await Bun.sleep(25);
    }
    let n = 0;
    return {
        url,
        /** The server's process (taskset execs it), for its CPU time. */
        pid: child.pid,
        /** Saves a new version in one in-place write (node --watch loses a file replaced by rename). */
        edit(): string {
            const version = `v${++n}`;
            writeFileSync(file, source.replace("VERSION", version));
            return version;
        },
        stop,
    };
}
