import {describe, expect, test} from "bun:test";
import {checkBackoff, DEFAULT_BACKOFF_BASE, DEFAULT_BACKOFF_CAP, reconnectDelay} from "./backoff.ts";

const defaults = checkBackoff(undefined, "ws://127.0.0.1:3000/chat");

describe("full-jitter backoff", () => {
    test("the first reconnects of 10 000 clients spread over the whole 0..250 ms window, not one instant", () => {
        const delays = Array.from({length: 10_000}, () => reconnectDelay(0, defaults));
        expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
        expect(Math.max(...delays)).toBeLessThan(DEFAULT_BACKOFF_BASE);
        // Ten 25 ms slices: each holds about a tenth of the clients (a fixed or exponential-only wait puts them all in one).
        const slices = Array.from({length: 10}, (_, slice) => delays.filter((delay) => Math.floor(delay / 25) === slice).length);
        for (const count of slices) {
            expect(count).toBeGreaterThan(800);
            expect(count).toBeLessThan(1200);
        }
        // And never more than ~1% of them in the same millisecond.
        const perMs = new Map<number, number>();
        for (const delay of delays) perMs.set(delay, (perMs.get(delay) ?? 0) + 1);
        expect(Math.max(...perMs.values())).toBeLessThan(100);
    });

    test("the ceiling doubles at each failed attempt, up to the cap", () => {
        const highest = (attempt: number) => reconnectDelay(attempt, defaults, () => 0.999_999);
        expect([0, 1, 2, 3, 4, 5, 6, 7, 100].map(highest)).toEqual([249, 499, 999, 1999, 3999, 7999, 9999, 9999, 9999]);
        expect(reconnectDelay(3, defaults, () => 0)).toBe(0);
        expect(reconnectDelay(2, checkBackoff({base: 100, cap: 300}, "ws://h/"), () => 0.5)).toBe(150);
    });

    test("defaults, and options that cannot work are refused with the URL in the message", () => {
        expect(defaults).toEqual({base: DEFAULT_BACKOFF_BASE, cap: DEFAULT_BACKOFF_CAP});
        expect(() => checkBackoff({base: -1}, "ws://127.0.0.1:3000/chat")).toThrow("jopi-rewrite: backoff.base of the ResumableWebSocket to ws://127.0.0.1:3000/chat must be a number of milliseconds, 0 or more, not -1.");
        expect(() => checkBackoff({cap: NaN}, "ws://h/")).toThrow("backoff.cap");
        expect(() => checkBackoff({base: 500, cap: 100}, "ws://h/")).toThrow("backoff.cap (100 ms) of the ResumableWebSocket to ws://h/ is below backoff.base (500 ms)");
    });
});
