import type {HotProcess} from "./hot-process.ts";

// Every program started and not yet stopped: ended with its whole group when this process ends,
// whatever the reason, so that no `bun --hot` child outlives the test or the runner.
const running = new Set<HotProcess>();
let installed = false;

function killAllNow(): void {
    for (const hot of running) {
        try {
            process.kill(-hot.child.pid, "SIGKILL");
        } catch {
            // Already gone.
        }
    }
}

/** Remembers a started program until it exits. */
export function track(hot: HotProcess): void {
    running.add(hot);
    hot.exited.then(() => running.delete(hot));
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

/** Stops every program still running. */
export async function endAll(): Promise<void> {
    await Promise.all([...running].map((hot) => hot.stop()));
}
