import type {Subprocess} from "bun";
import type {HotProcess} from "./hot-process.ts";

// Every program started and not yet stopped (even one that exited by itself still has a scratch
// folder to remove): ended with its whole group when this process ends, whatever the reason, so
// that no `bun --hot` child outlives the test or the runner.
const running = new Set<HotProcess>();
// The servers a test starts beside its programs (redis-server, nginx), each in a group of its own
// that Ctrl-C in a terminal does not reach.
const servers = new Set<Subprocess>();
let installed = false;

/** Sends `signal` to the process group led by `pid`, ignoring a group that is already gone. */
export function killGroup(pid: number, signal: NodeJS.Signals): void {
    try {
        process.kill(-pid, signal);
    } catch {
        // Already gone.
    }
}

function killAllNow(): void {
    for (const hot of running) {
        if (hot.child.exitCode === null && hot.child.signalCode === null) killGroup(hot.child.pid, "SIGKILL");
    }
    for (const child of servers) killGroup(child.pid, "SIGKILL");
}

function installExitHook(): void {
    if (installed) return;
    installed = true;
    process.on("exit", killAllNow);
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
        process.on(signal, () => {
            killAllNow();
            process.exit(signal === "SIGINT" ? 130 : 143);
        });
    }
}

/** Remembers a started program until `untrack` (called by its `stop()`). */
export function track(hot: HotProcess): void {
    running.add(hot);
    installExitHook();
}

export function untrack(hot: HotProcess): void {
    running.delete(hot);
}

/** Remembers a server started with `detached: true` until `untrackServer`: its group ends with this process. */
export function trackServer(child: Subprocess): void {
    servers.add(child);
    installExitHook();
}

export function untrackServer(child: Subprocess): void {
    servers.delete(child);
}

/**
 * Ends the group of `child` (spawned with `detached: true`) with this process, whatever the reason
 * (its end, Ctrl-C, SIGTERM), if its leader is still running then.
 * @example const child = spawn(argv, {detached: true}); endWithThisProcess(child);
 */
export function endWithThisProcess(child: Subprocess): void {
    trackServer(child);
    void child.exited.then(() => untrackServer(child));
}

/** Stops every program not stopped yet, and removes their scratch folders. */
export async function endAll(): Promise<void> {
    await Promise.all([...running].map((hot) => hot.stop()));
}
