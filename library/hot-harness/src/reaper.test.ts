import {describe, expect, test} from "bun:test";
import type {Subprocess} from "bun";
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {BUN} from "./hot-process.ts";
import {LineLog} from "./line-log.ts";
import {killGroup} from "./reaper.ts";

// A program that starts a process group of its own (as a bench starts its servers and load
// clients), prints its pid, and waits: ended from outside, it must not leave that group behind.
const program = `
import {spawn} from "bun";
import {endWithThisProcess} from ${JSON.stringify(join(import.meta.dir, "reaper.ts"))};
const child = spawn(["sleep", "60"], {stdout: "ignore", detached: true});
endWithThisProcess(child);
console.log("started", child.pid);
setInterval(() => {}, 1000);
`;

// Running, or stopped: not gone, and not a zombie waiting for a parent that does not reap it.
const alive = (pid: number) => {
    try {
        return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
    } catch {
        return false;
    }
};

describe("endWithThisProcess", () => {
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
        test(`a detached group ends with the process that started it, on ${signal}`, async () => {
            const dir = mkdtempSync(join(tmpdir(), "reaper-"));
            let starter: Subprocess<"ignore", "pipe", "inherit"> | undefined;
            let pid = 0;
            try {
                writeFileSync(join(dir, "starter.ts"), program);
                starter = Bun.spawn([BUN, join(dir, "starter.ts")], {stdout: "pipe", stderr: "inherit"});
                const out = new LineLog();
                void out.follow(starter.stdout);
                pid = Number((await out.waitFor(/^started \d+$/, {timeoutMs: 10_000})).split(" ")[1]);
                expect(alive(pid)).toBe(true);
                starter.kill(signal);
                await starter.exited;
                // The group is killed before the starter exits; the kernel reaps it a moment later.
                for (let i = 0; i < 50 && alive(pid); i++) await Bun.sleep(20);
                expect(alive(pid)).toBe(false);
            } finally {
                // A failed test leaves neither the starter nor its group behind.
                starter?.kill("SIGKILL");
                if (pid) killGroup(pid, "SIGKILL");
                rmSync(dir, {recursive: true, force: true});
            }
        });
    }
});
