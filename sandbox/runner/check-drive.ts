/**
 * Running one check function against its harness, whatever the runtime: within a time limit,
 * never leaving the program running, and turning a hang into a failure of the step under way.
 * The runner (check-run.ts) and the docs page's "Replay the check" both go through here.
 * @module
 */
import {CheckFailure} from "./check-failure.ts";
import type {Check} from "./check-harness.ts";

/** What a check.ts exports by default. */
export type CheckFunction = (h: Check) => Promise<void>;

class TimeLimit extends Error {}

function limit<T>(promise: Promise<T>, ms: number): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expiry = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new TimeLimit(`the check did not finish within ${ms} ms`)), ms);
    });
    return Promise.race([promise, expiry]).finally(() => clearTimeout(timer));
}

/**
 * Runs `check` (the default export of `name`, a check.ts) with `h`, then stops the program.
 * Resolves with the error that failed it, or undefined; never rejects.
 *
 * @example const error = await driveCheck(module.default, h, 60_000, "sandbox/hello/check.ts");
 */
export async function driveCheck(check: unknown, h: Check, timeoutMs: number, name: string): Promise<unknown> {
    try {
        if (typeof check !== "function") throw new Error(`${name} has no default export: export default async (h: Check) => {...}`);
        const running = Promise.resolve().then(() => (check as CheckFunction)(h));
        running.catch(() => {}); // Past the time limit, its later failure has no one to tell.
        await limit(running, timeoutMs);
        return undefined;
    } catch (caught) {
        // Past the time limit, the step under way is the one that hung.
        return caught instanceof TimeLimit ? new CheckFailure({step: h.step, where: h.where, message: caught.message}) : caught;
    } finally {
        await h.stop();
    }
}
