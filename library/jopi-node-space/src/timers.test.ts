import {afterEach, describe, expect, test} from "bun:test";
import {endAll, startHot} from "hot-harness";
import {reloadTo, version} from "../test/test-program.ts";

afterEach(endAll);

/** Lines after the one announcing version `n` was loaded. */
function linesAfterLoad(lines: string[], n: number): string[] {
    return lines.slice(lines.findIndex((line) => line.startsWith(`loaded ${n} `)) + 1);
}

describe("newInterval", () => {
    test("stops by itself at the next reload, where a plain setInterval keeps firing", async () => {
        const body = [
            `NodeSpace.timer.newInterval(20, () => console.log("safe tick " + g));`,
            `if (g === 1) setInterval(() => console.log("plain tick 1"), 20);`,
        ].join("\n");
        const app = startHot({files: {"index.ts": version(1, body)}});
        await app.stdout.waitFor("safe tick 1");
        await reloadTo(app, 2, body);
        for (let i = 0; i < 5; i++) await app.stdout.waitFor("safe tick 2");
        const after = linesAfterLoad(app.stdout.lines, 2);
        expect(after.filter((line) => line === "safe tick 1")).toEqual([]);
        // The control: what the seed page warns about really happens with a plain timer.
        expect(after.filter((line) => line === "plain tick 1").length).toBeGreaterThan(2);
    });

    test("stops when the function returns false or a promise of false", async () => {
        const body = [
            `let a = 0, b = 0;`,
            `NodeSpace.timer.newInterval(10, () => { console.log("sync " + ++a); return a < 3 ? undefined : false; });`,
            `const h = NodeSpace.timer.newInterval(10, async () => { console.log("async " + ++b); return b < 3; });`,
            `setTimeout(() => console.log("stopped=" + h.stopped), 300);`,
        ].join("\n");
        const app = startHot({files: {"index.ts": version(1, body)}});
        await app.stdout.waitFor("stopped=", {timeoutMs: 5000});
        expect(app.stdout.lines.filter((line) => /^(sync|async) /.test(line)).sort()).toEqual(["async 1", "async 2", "async 3", "sync 1", "sync 2", "sync 3"]);
        expect(app.stdout.lines).toContain("stopped=true");
    });

    test("awaits an async function, so slow ticks never overlap", async () => {
        const body = [
            `let running = 0, most = 0, ticks = 0;`,
            `NodeSpace.timer.newInterval(5, async () => {`,
            `    most = Math.max(most, ++running);`,
            `    await Bun.sleep(60);`,
            `    running--;`,
            `    if (++ticks === 4) { console.log("most at once " + most); return false; }`,
            `});`,
        ].join("\n");
        const app = startHot({files: {"index.ts": version(1, body)}});
        expect(await app.stdout.waitFor("most at once")).toBe("most at once 1");
    });

    test("takes the delay first and says so when given the setInterval order", async () => {
        const body = `try { NodeSpace.timer.newInterval((() => {}) as any, 10 as any); } catch (e) { console.log(String(e)); }`;
        const app = startHot({files: {"index.ts": version(1, body)}});
        expect(await app.stdout.waitFor("TypeError")).toContain("jopi-node-space: newInterval(ms, fn) takes the delay in milliseconds first");
    });
});

describe("newTimeout", () => {
    test("is cancelled by a reload before it fires, and fires when no reload comes", async () => {
        const body = `NodeSpace.timer.newTimeout(150, () => console.log("timeout of " + g + " fired"));`;
        const app = startHot({files: {"index.ts": version(1, body)}});
        await app.stdout.waitFor("loaded 1 ");
        await reloadTo(app, 2, body);
        await app.stdout.waitFor("timeout of 2 fired");
        await Bun.sleep(200);
        expect(app.stdout.count("timeout of 1 fired")).toBe(0);
    });
});
