// 20 restarts under 64 keep-alive clients: failed requests, non-2xx answers, the longest gap
// between two answers. Side by side: `jopi-rewrite serve --workers 2` with rolling restarts, pm2's
// `pm2 reload` of a node:http app in cluster mode (2 instances), and a plain restart (stop the
// process, start it again). The clients count a request lost when its connection closes under it,
// as wrk does, never retrying it (fetch() would).
import {spawn, type Subprocess} from "bun";
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync} from "node:fs";
import {join} from "node:path";
import type {RestartResult} from "../src/components/charts/types.ts";
import {BUN, freePort, keepAliveLoad, killGroup, LineLog, REPO_ROOT} from "hot-harness";

const RESTARTS = Number(process.env.BENCH_RESTARTS ?? 20);
const CLIENTS = 64;
const CLI = join(REPO_ROOT, "library/jopi-rewrite/src/supervisor/cli.ts");
const PM2 = join(REPO_ROOT, "node_modules/.bin/pm2");
const APPS = join(import.meta.dir, "apps");

/** A way of running the app that can be restarted; `start` resolves once it answers. */
interface Contender {
    name: string;
    start(dir: string, port: number): Promise<{restart: () => Promise<void>; stop: () => Promise<void>}>;
}

function run(argv: string[], dir: string, env: Record<string, string>): {child: Subprocess<"ignore", "pipe", "pipe">; out: LineLog} {
    const child = spawn(argv, {cwd: dir, env: {...process.env, NO_COLOR: "1", ...env}, stdin: "ignore", stdout: "pipe", stderr: "pipe", detached: true});
    const out = new LineLog();
    void out.follow(child.stdout);
    void new Response(child.stderr).text();
    return {child, out};
}

async function ended(child: Subprocess): Promise<void> {
    killGroup(child.pid, "SIGKILL");
    await child.exited;
}

const jopiServe: Contender = {
    name: "jopi-rewrite serve --workers 2 (SIGHUP)",
    async start(dir, port) {
        const {child, out} = run([BUN, CLI, "serve", join(APPS, "jopi-app.ts"), "--workers", "2", "--control", join(dir, "control.sock")], dir, {PORT: String(port)});
        await out.waitFor(/ worker\(s\) of .* answer on port /, {timeoutMs: 20_000});
        return {
            async restart() {
                process.kill(child.pid, "SIGHUP");
                await out.waitFor(/^jopi-rewrite: rolling restart (done|aborted)/, {timeoutMs: 30_000});
            },
            stop: () => ended(child),
        };
    },
};

// pm2 keeps a daemon; PM2_HOME in the scratch folder keeps it apart from any other pm2 and lets us
// find it to end it, `pm2 kill` first and its process group after.
const pm2Reload: Contender = {
    name: "pm2 reload, node:http cluster x2",
    async start(dir, port) {
        const env = {PORT: String(port), PM2_HOME: join(dir, "pm2")};
        const pm2 = async (...args: string[]) => {
            const {child} = run([PM2, ...args], dir, env);
            if ((await child.exited) !== 0) throw new Error(`bench: pm2 ${args.join(" ")} failed`);
        };
        const daemon = () => Number(existsSync(join(env.PM2_HOME, "pm2.pid")) && readFileSync(join(env.PM2_HOME, "pm2.pid"), "utf8"));
        let daemonPid = 0;
        const stop = async () => {
            daemonPid ||= daemon();
            await pm2("kill").catch(() => {});
            if (daemonPid) killGroup(daemonPid, "SIGKILL");
        };
        try {
            await pm2("start", join(APPS, "node-app.mjs"), "--name", "bench", "-i", "2");
            daemonPid = daemon();
            // The daemon is in its own session, out of reach of Ctrl-C: if the bench is interrupted,
            // end it on the way out (a signal must become an exit for the exit handler to run).
            process.once("exit", () => killGroup(daemonPid, "SIGKILL"));
            for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(130));
            await answers(port);
        } catch (error) {
            await stop().catch(() => {});
            throw error;
        }
        return {restart: () => pm2("reload", "bench"), stop};
    },
};

const plainRestart: Contender = {
    name: "plain restart (bun app.ts, SIGTERM, start)",
    async start(dir, port) {
        const launch = async () => {
            const running = run([BUN, join(APPS, "jopi-app.ts")], dir, {PORT: String(port)});
            await running.out.waitFor("ready on", {timeoutMs: 20_000});
            return running.child;
        };
        let child = await launch();
        return {
            async restart() {
                child.kill("SIGTERM");
                await child.exited;
                child = await launch();
            },
            stop: () => ended(child),
        };
    },
};

async function answers(port: number): Promise<void> {
    for (let tries = 0; tries < 400; tries++) {
        if ((await fetch(`http://127.0.0.1:${port}/`).then((res) => res.status, () => 0)) === 200) return;
        await Bun.sleep(25);
    }
    throw new Error(`bench: nothing answers on port ${port}`);
}

export const restartContenders = [jopiServe, pm2Reload, plainRestart];

/** RESTARTS restarts of one contender while CLIENTS keep-alive clients request its page back to back. */
export async function restartsUnderLoad(contender: Contender): Promise<RestartResult> {
    const root = join(REPO_ROOT, ".scratch");
    mkdirSync(root, {recursive: true});
    const dir = mkdtempSync(join(root, "bench-restart-"));
    const port = await freePort();
    const app = await contender.start(dir, port);
    try {
        const load = keepAliveLoad(`http://127.0.0.1:${port}/`, CLIENTS);
        const started = performance.now();
        await Bun.sleep(500);
        for (let n = 0; n < RESTARTS; n++) await app.restart();
        await Bun.sleep(500);
        const stats = await load.stop();
        const seconds = (performance.now() - started) / 1000;
        return {name: contender.name, restarts: RESTARTS, requests: stats.requests, failed: stats.failed, non2xx: stats.non2xx, longestGapMs: Math.round(stats.longestGapMs), rps: Math.round(stats.requests / seconds), seconds: Math.round(seconds)};
    } finally {
        await app.stop();
        rmSync(dir, {recursive: true, force: true});
    }
}

if (import.meta.main) {
    const results: RestartResult[] = [];
    for (const contender of restartContenders) {
        results.push(await restartsUnderLoad(contender));
        console.log(JSON.stringify(results.at(-1)));
    }
    console.table(results);
}
