import {onHotReload, reportError} from "./hot-reload.ts";

/** What `newInterval` and `newTimeout` return: a way to stop the timer, and whether it stopped. */
export interface TimerHandle {
    /** Stops the timer; a tick already running finishes, no other starts. */
    stop(): void;
    readonly stopped: boolean;
}

type Tick = () => unknown;

function checkArguments(name: string, ms: unknown, fn: unknown): void {
    // The arguments are in the reverse order of setInterval: catch the habit early.
    if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0 || typeof fn !== "function") {
        throw new TypeError(`jopi-node-space: ${name}(ms, fn) takes the delay in milliseconds first, then the function.`);
    }
}

/** A handle whose stop() runs `clear` once: when called, or at the next reload, whichever comes first. */
function reloadSafe(clear: () => void): TimerHandle {
    let stopped = false;
    const stop = () => {
        if (stopped) return;
        stopped = true;
        clear();
        forget();
    };
    const forget = onHotReload(stop);
    return {stop, get stopped() { return stopped; }};
}

/**
 * Like `setInterval(fn, ms)`, with the arguments the other way round, but safe under `bun --hot`:
 * it stops by itself when the next version of the code loads. It also stops when `fn` returns
 * `false` (or a promise of `false`). An async `fn` is awaited and the next tick waits `ms` after
 * it ends, so ticks never overlap.
 *
 * @example NodeSpace.timer.newInterval(1000, () => console.log("tick"));
 * @see https://jopi-rewrite.dev/docs/node-space#newinterval
 */
export function newInterval(ms: number, fn: Tick): TimerHandle {
    checkArguments("newInterval", ms, fn);
    let timer: ReturnType<typeof setTimeout>;
    const handle = reloadSafe(() => clearTimeout(timer));

    const tick = async () => {
        let result: unknown;
        try {
            result = await fn();
        } catch (error) {
            reportError("a newInterval function threw; the interval goes on.", error);
        }
        if (result === false) handle.stop();
        else if (!handle.stopped) timer = setTimeout(tick, ms);
    };
    timer = setTimeout(tick, ms);
    return handle;
}

/**
 * Like `setTimeout(fn, ms)`, with the arguments the other way round, but cancelled if the next
 * version of the code loads before it fires.
 *
 * @example NodeSpace.timer.newTimeout(5000, () => console.log("five seconds, no reload"));
 * @see https://jopi-rewrite.dev/docs/node-space#newtimeout
 */
export function newTimeout(ms: number, fn: Tick): TimerHandle {
    checkArguments("newTimeout", ms, fn);
    const handle = reloadSafe(() => clearTimeout(timer));
    const timer = setTimeout(async () => {
        handle.stop();
        try {
            await fn();
        } catch (error) {
            reportError("a newTimeout function threw.", error);
        }
    }, ms);
    return handle;
}
