import {describe, expect, test} from "bun:test";
import {defaultWorkers, workersAllowed} from "./platform.ts";

describe("how many workers a platform allows", () => {
    test("Linux allows any number; macOS and Windows one, and say why and what to do instead", () => {
        expect(workersAllowed("linux", 8)).toEqual({allowed: true});
        for (const platform of ["darwin", "win32", "freebsd"]) {
            expect(workersAllowed(platform, 1)).toEqual({allowed: true});
            const refused = workersAllowed(platform, 3);
            expect(refused).toEqual({
                allowed: false,
                reason: `jopi-rewrite: --workers 3 needs Linux: on ${platform}, processes listening with reusePort do not share a port's connections (the last one takes them all, or fails to listen), so 2 of 3 workers would serve nothing. Run one worker (--workers 1), and for more, put a proxy in front of several supervisors on different ports.`,
            });
        }
    });

    test("without --workers: one per core on Linux, one elsewhere", () => {
        expect(defaultWorkers("linux", 4)).toBe(4);
        expect(defaultWorkers("darwin", 4)).toBe(1);
        expect(defaultWorkers("win32", 4)).toBe(1);
    });
});
