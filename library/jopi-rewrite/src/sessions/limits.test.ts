import {describe, expect, test} from "bun:test";
import {DEFAULT_KEEP_FOR_MS, resumeLimitsOf} from "./limits.ts";

const where = "WebSocket /chat on http://127.0.0.1:3000";

describe("resume limits", () => {
    test("true gives the documented defaults; durations read as ms, s, m, h", () => {
        expect(resumeLimitsOf(true, where)).toEqual({keepForMs: DEFAULT_KEEP_FOR_MS, maxOutboxMessages: 1000, maxOutboxBytes: 1_048_576, maxSessions: 10_000});
        expect(resumeLimitsOf(undefined, where)).toBeUndefined();
        expect(resumeLimitsOf(false, where)).toBeUndefined();
        const keep = (keepFor: number | string) => resumeLimitsOf({keepFor}, where)!.keepForMs;
        expect([keep(1500), keep("30s"), keep("2m"), keep("1h"), keep("250ms"), keep("1.5s")]).toEqual([1500, 30_000, 120_000, 3_600_000, 250, 1500]);
    });

    test("a bad value names the option, the route and what it takes", () => {
        expect(() => resumeLimitsOf({keepFor: "2h"}, where)).toThrow(`jopi-rewrite: resume.keepFor of ${where} must be a duration from 1 ms to 1 h (a number of ms, or "30s", "2m", "1h"), not "2h".`);
        expect(() => resumeLimitsOf({keepFor: "soon"}, where)).toThrow("not \"soon\"");
        expect(() => resumeLimitsOf({keepFor: 0}, where)).toThrow("must be a duration");
        expect(() => resumeLimitsOf({maxOutboxMessages: 1.5}, where)).toThrow(`jopi-rewrite: resume.maxOutboxMessages of ${where} must be a whole number above 0, not 1.5.`);
        expect(() => resumeLimitsOf({maxSessions: -1}, where)).toThrow("resume.maxSessions");
        expect(() => resumeLimitsOf({keepfor: "2m"} as never, where)).toThrow(`jopi-rewrite: resume of ${where} has no option keepfor; it takes keepFor, maxOutboxMessages, maxOutboxBytes, maxSessions.`);
        expect(() => resumeLimitsOf("yes" as never, where)).toThrow("is true or an object");
    });
});
