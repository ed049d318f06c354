// The ways of restarting the restart bench compares, each started in a network given as an argv
// prefix (bench/network-namespace.ts): `jopi-rewrite serve --workers 2` with rolling restarts,
// pm2's `pm2 reload` of a node:http app in cluster mode (2 instances), and a plain restart (stop
// the process, start it again).
import {spawn, type Subprocess} from "bun";
import {existsSync, readFileSync} from "node:fs";
import {join} from "node:path";
import {BUN, endWithThisProcess, killGroup, LineLog, REPO_ROOT} from "hot-harness";

const CLI = join(REPO_ROOT, "library/jopi-rewrite/src/supervisor/cli.ts");
const PM2 = join(REPO_ROOT, "node_modules/.bin/pm2");
const APPS = join(import.meta.dir, "apps");

// The supervisor turns tcp_migrate_req on at start unless told not to, where it knows how: the run
// without the setting must stay without.
const NO_TCP_MIGRATE = readFileSync(CLI, "utf8").includes("--no-tcp-migrate") ? ["--no-tcp-migrate"] : [];

/** A way of running the app that can be restarted; `start` resolves once it is started (the clients wait for its first answer). */
export interface Contender {
    name: string;
    /** The tcp_migrate_req values it runs with, each in a namespace of its own. */
    settings: (0 | 1)[];
    start(dir: string, port: number, wrap: string[], setting: number | null): Promise<{restart: () => Promise<void>; stop: () => Promise<void>}>;
}

function run(argv: string[], dir: string, env: Record<string, string>): {child: Subprocess<"ignore", "pipe", "pipe">; out: LineLog} {
    const child = spawn(argv, {cwd: dir, env: {...process.env, NO_COLOR: "1", ...env}, stdin: "ignore", stdout: "pipe", stderr: "pipe", detached: true});
    endWithThisProcess(child);
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
    settings: [1, 0],
    async start(dir, port, wrap, setting) {
        const argv = [...wrap, BUN, CLI, "serve", join(APPS, "restart-jopi-app.ts"), "--workers", "2", "--control", join(dir, "control.sock"), ...(setting === 0 ? NO_TCP_MIGRATE : [])];
        const {child, out} = run(argv, dir, {PORT: String(port)});
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
export const pm2Reload: Contender = {
    name: "pm2 reload, node:http cluster x2",
    settings: [1, 0],
    async start(dir, port, wrap) {
        const env = {PORT: String(port), PM2_HOME: join(dir, "pm2")};
        const pm2 = async (...args: string[]) => {
            const {child} = run([...wrap, PM2, ...args], dir, env);
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
            await pm2("start", join(APPS, "restart-node-app.mjs"), "--name", "bench", "-i", "2");
            daemonPid = daemon();
            // The daemon is in its own session, out of reach of Ctrl-C: if the bench is interrupted,
            // end it on the way out (a signal must become an exit for the exit handler to run).
            process.once("exit", () => killGroup(daemonPid, "SIGKILL"));
            for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(130));
        } catch (error) {
            await stop().catch(() => {});
            throw error;
        }
        return {restart: () => pm2("reload", "bench"), stop};
    },
};

const plainRestart: Contender = {
    name: "plain restart (bun app.ts, SIGTERM, start)",
    // One listener, closed before the next opens: there is nowhere to migrate a queued connection to.
    settings: [0],
    async start(dir, port, wrap) {
        const launch = async () => {
            const running = run([...wrap, BUN, join(APPS, "restart-jopi-app.ts")], dir, {PORT: String(port)});
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

export const restartContenders = [jopiServe, pm2Reload, plainRestart];
