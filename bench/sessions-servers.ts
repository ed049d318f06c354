// The servers of the sessions benchmark: `jopi-rewrite serve --workers 2` (a rolling restart per
// SIGHUP) and pm2 in cluster mode with 2 instances (`pm2 reload`), each in its own process group
// and scratch folder, ended with their whole group whatever happens.
import {spawn, type Subprocess} from "bun";
import {existsSync, readdirSync, readFileSync} from "node:fs";
import {join} from "node:path";
import {BUN, endWithThisProcess, killGroup, LineLog, REPO_ROOT} from "hot-harness";

const CLI = join(REPO_ROOT, "library/jopi-rewrite/src/supervisor/cli.ts");
const PM2 = join(REPO_ROOT, "node_modules/.bin/pm2");
const APPS = join(import.meta.dir, "apps");

/** A running server: restarted while the clients count, and its workers' CPU time. */
export interface SessionServer {
    restart(): Promise<void>;
    /** CPU time used so far by each thread of the processes that serve (the workers, not the supervisor); see `cpuBetween`. */
    cpuSnapshot(): CpuSnapshot;
    stop(): Promise<void>;
}

function run(argv: string[], dir: string, env: Record<string, string>): {child: Subprocess<"ignore", "pipe", "pipe">; out: LineLog; err: LineLog} {
    const child = spawn(argv, {cwd: dir, env: {...process.env, NO_COLOR: "1", ...env}, stdin: "ignore", stdout: "pipe", stderr: "pipe", detached: true});
    endWithThisProcess(child);
    const out = new LineLog();
    const err = new LineLog();
    void out.follow(child.stdout);
    void err.follow(child.stderr);
    return {child, out, err};
}

/** The CPU seconds each thread of some processes has used so far, by `pid/tid`. */
export type CpuSnapshot = Map<string, number>;

// Every thread of the process, not only its main one (which is what /proc/<pid>/schedstat counts):
// the garbage collector's threads work for the messages too, and more so where more is allocated.
// Per thread, because a sum would lose the whole past of a thread that exits in between (Bun's
// pool threads end when idle): a round that saw one go read up to 4x its real rate.
function threadSeconds(pids: number[]): CpuSnapshot {
    const snapshot: CpuSnapshot = new Map();
    for (const pid of pids) {
        try {
            for (const tid of readdirSync(`/proc/${pid}/task`)) snapshot.set(`${pid}/${tid}`, Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]) / 1e9);
        } catch {
            // Exited between the listing and the read.
        }
    }
    return snapshot;
}

/**
 * CPU seconds used between two snapshots: what each thread seen at the end used since the start
 * (all of it, for a thread started since). A thread that ended in between loses only what it used
 * after `before`.
 */
export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot): number {
    let used = 0;
    for (const [thread, seconds] of after) used += seconds - (before.get(thread) ?? 0);
    return used;
}

const children = (pid: number) => readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);

/** `jopi-rewrite serve bench/apps/sessions-jopi-app.ts --workers 2` on `port`; resolves once its workers answer. */
export async function jopiServe(dir: string, port: number): Promise<SessionServer> {
    // --no-tcp-migrate: a bench never changes the machine it runs on; a client whose connection is
    // reset in a closing worker's accept queue tries again, and keeps its session.
    const argv = [BUN, CLI, "serve", join(APPS, "sessions-jopi-app.ts"), "--workers", "2", "--control", join(dir, "control.sock"), "--no-tcp-migrate"];
    const {child, out, err} = run(argv, dir, {PORT: String(port)});
    const stop = async () => {
        killGroup(child.pid, "SIGKILL");
        await child.exited;
    };
    try {
        await out.waitFor(/ worker\(s\) of .* answer on port /, {timeoutMs: 20_000});
    } catch (error) {
        await stop();
        throw new Error(`bench: jopi-rewrite serve did not start: ${(error as Error).message}\nstderr:\n${err.tail()}`);
    }
    return {
        async restart() {
            process.kill(child.pid, "SIGHUP");
            const line = await out.waitFor(/^jopi-rewrite: rolling restart (done|aborted)/, {timeoutMs: 30_000});
            if (line.includes("aborted")) throw new Error(`bench: a rolling restart was aborted:\n${out.tail()}\n${err.tail()}`);
        },
        cpuSnapshot: () => threadSeconds(children(child.pid)),
        stop,
    };
}

/**
 * bench/apps/sessions-socketio-app.mjs under `pm2 start -i 2`. pm2 keeps a daemon; PM2_HOME in the
 * scratch folder keeps it apart from any other pm2 and lets us find it to end it.
 */
export async function pm2SocketIo(dir: string, port: number, env: Record<string, string>): Promise<SessionServer> {
    const pm2Env = {...env, PORT: String(port), PM2_HOME: join(dir, "pm2")};
    const pm2 = async (...args: string[]) => {
        const {child, err} = run([PM2, ...args], dir, pm2Env);
        if ((await child.exited) !== 0) throw new Error(`bench: pm2 ${args.join(" ")} failed:\n${err.tail()}`);
    };
    const pidFile = join(pm2Env.PM2_HOME, "pm2.pid");
    let daemonPid = 0;
    const stop = async () => {
        daemonPid ||= existsSync(pidFile) ? Number(readFileSync(pidFile, "utf8")) : 0;
        await pm2("kill").catch(() => {});
        if (daemonPid) killGroup(daemonPid, "SIGKILL");
    };
    try {
        await pm2("start", join(APPS, "sessions-socketio-app.mjs"), "--name", "sessions", "-i", "2");
        daemonPid = Number(readFileSync(pidFile, "utf8"));
        // The daemon is in its own session, out of reach of Ctrl-C: end it on the way out.
        process.once("exit", () => killGroup(daemonPid, "SIGKILL"));
        for (let tries = 0; (await fetch(`http://127.0.0.1:${port}/`).then((res) => res.status, () => 0)) !== 200; tries++) {
            if (tries > 400) throw new Error(`bench: the Socket.IO app does not answer on port ${port}; its log is in ${pm2Env.PM2_HOME}/logs`);
            await Bun.sleep(25);
        }
    } catch (error) {
        await stop();
        throw error;
    }
    return {restart: () => pm2("reload", "sessions"), cpuSnapshot: () => threadSeconds(children(daemonPid)), stop};
}
