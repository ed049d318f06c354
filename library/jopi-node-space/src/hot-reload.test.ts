import {afterEach, describe, expect, test} from "bun:test";
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {endAll, startHot} from "hot-harness";
import {reloadTo, version} from "../test/test-program.ts";

afterEach(endAll);

describe("onHotReload", () => {
    test("a listener runs once, at the next reload, and is then forgotten", async () => {
        const body = `NodeSpace.app.onHotReload(() => console.log(\`listener of \${g} ran\`));`;
        const app = startHot({files: {"index.ts": version(1, body)}});
        await app.stdout.waitFor("loaded 1 reload=false");
        for (let n = 2; n <= 6; n++) await reloadTo(app, n, body);
        await Bun.sleep(100);
        const ran = app.stdout.lines.filter((line) => line.startsWith("listener of"));
        expect(ran).toEqual(["listener of 1 ran", "listener of 2 ran", "listener of 3 ran", "listener of 4 ran", "listener of 5 ran"]);
        // Each listener runs before the next version's top level, so old timers are gone first.
        expect(app.stdout.lines.indexOf("listener of 3 ran")).toBeLessThan(app.stdout.lines.indexOf("loaded 4 reload=true"));
    });

    test("a throwing listener is reported with its stack and does not stop the others or the reload", async () => {
        const body = [
            `NodeSpace.app.onHotReload(() => { throw new Error("boom from listener " + g); });`,
            `NodeSpace.app.onHotReload(async () => { throw new Error("async boom " + g); });`,
            `NodeSpace.app.onHotReload(() => console.log("second listener of " + g));`,
        ].join("\n");
        const app = startHot({files: {"index.ts": version(1, body)}});
        await app.stdout.waitFor("loaded 1 ");
        await reloadTo(app, 2, body);
        await app.stdout.waitFor("second listener of 1", {from: 0});
        await app.stderr.waitFor("boom from listener 1");
        await app.stderr.waitFor("async boom 1", {from: 0});
        const stderr = app.stderr.lines.join("\n");
        expect(stderr).toContain("jopi-node-space: an onHotReload listener failed; the reload goes on.");
        expect(stderr).toMatch(/index\.ts:\d+/); // the stack points into the listener's file
        await reloadTo(app, 3, body);
        await app.stdout.waitFor("second listener of 2", {from: 0});
    });

    test("the function onHotReload returns unregisters the listener", async () => {
        const body = `const off = NodeSpace.app.onHotReload(() => console.log("should not run"));\noff();`;
        const app = startHot({files: {"index.ts": version(1, body)}});
        await app.stdout.waitFor("loaded 1 ");
        await reloadTo(app, 2, body);
        await Bun.sleep(50);
        expect(app.stdout.count("should not run")).toBe(0);
    });
});

describe("keepOnHotReload", () => {
    test("hands the same value to every later version; clearHotReloadKey starts it over", async () => {
        const body = [
            `const stats = NodeSpace.app.keepOnHotReload("stats", () => ({loads: 0}));`,
            `const alias = NodeSpace.app.keepIfHotReload("stats", () => ({loads: -100}));`,
            `stats.loads++;`,
            `console.log(\`loads=\${stats.loads} same=\${stats === alias}\`);`,
            `if (stats.loads === 4) NodeSpace.app.clearHotReloadKey("stats");`,
        ].join("\n");
        const app = startHot({files: {"index.ts": version(1, body)}});
        await app.stdout.waitFor("loaded 1 ");
        for (let n = 2; n <= 5; n++) await reloadTo(app, n, body);
        const loads = app.stdout.lines.filter((line) => line.startsWith("loads="));
        expect(loads).toEqual(["loads=1 same=true", "loads=2 same=true", "loads=3 same=true", "loads=4 same=true", "loads=1 same=true"]);
    });
});

describe("two copies of the package", () => {
    test("importing a second copy counts one reload once, and shares listeners and kept values", async () => {
        const body = [
            `import * as copy from "./copy/index.js";`,
            `copy.onHotReload(() => console.log("copy listener of " + g));`,
            `const kept = copy.keepOnHotReload("shared", () => ({n: 0}));`,
            `console.log(\`shared n=\${++NodeSpace.app.keepOnHotReload("shared", () => ({n: -1})).n} copy generation=\${copy.getGeneration()}\`);`,
            `void kept;`,
        ].join("\n");
        const files: Record<string, string> = {"index.ts": version(1, body)};
        for (const name of ["index.js", "hot-reload.ts", "timers.ts"]) {
            files[`copy/${name}`] = readFileSync(join(import.meta.dir, name), "utf8");
        }
        const app = startHot({files});
        await app.stdout.waitFor("loaded 1 ");
        await reloadTo(app, 2, body);
        await reloadTo(app, 3, body);
        const lines = app.stdout.lines.filter((line) => /^(shared|copy listener)/.test(line));
        expect(lines.slice(-4)).toEqual(["copy listener of 1", "shared n=2 copy generation=2", "copy listener of 2", "shared n=3 copy generation=3"]);
    });
});
