import type {HotProcess} from "./hot-process.ts";

// Every program started and not yet stopped (even one that exited by itself still has a scratch
// folder to remove): ended with its whole group when this process ends, whatever the reason, so
// that no `bun --hot` child outlives the test or the runner.
const running = new Set<HotProcess>();
let installed = false;

function killAllNow(): void {
    for (const hot of running) {
        if (hot.child.exitCode !== null || hot.child.signalCode !== null) continue;
        try {
            process.kill(-hot.child.pid, "SIGKILL");
        } catch {
            // Already gone.
        }
    }
}

/** Remembers a started program until `untrack` (called by its `stop()`). */
export function track(hot: HotProcess): void {
    running.add(hot);
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

export function untrack(hot: HotProcess): void {
    running.delete(hot);
}

/** Stops every program not stopped yet, and removes their scratch folders. */
export async function endAll(): Promise<void> {
    await Promise.all([...running].map((hot) => hot.stop()));
}
