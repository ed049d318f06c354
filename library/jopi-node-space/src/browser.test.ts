import {expect, test} from "bun:test";
import {runInNewContext} from "node:vm";

// The docs' live playground runs this package in the browser: it must bundle for the browser
// without Node or Bun built-ins, and run where only the web's globals exist.
test("bundles for the browser with no node: or bun built-in, and runs with only web globals", async () => {
    const build = await Bun.build({entrypoints: [`${import.meta.dir}/browser.ts`], target: "browser", format: "iife"});
    expect(build.success).toBe(true);
    const code = await build.outputs[0]!.text();
    expect(code).not.toMatch(/\b(require|import)\s*\(?\s*["'](node:|bun:?)/);
    expect(code).not.toMatch(/\bprocess\.|\bBun\./);

    // A browser module gets its own URL as import.meta.url; a classic script (what vm runs) has none.
    const script = code.replace("import.meta.url", JSON.stringify("https://docs.example/bundle.js"));
    const logs: string[] = [];
    const sandbox = {console: {log: (...args: unknown[]) => logs.push(args.join(" ")), error: console.error}, setTimeout, clearTimeout};
    runInNewContext(script, sandbox);
    runInNewContext(`NodeSpace.app.onHotReload(() => console.log("reloaded from " + NodeSpace.app.getGeneration()))`, sandbox);
    expect(runInNewContext(`NodeSpace.app.getGeneration()`, sandbox)).toBe(1);
    expect(logs).toEqual([]);
    // Kept values work the same in the browser.
    runInNewContext(`NodeSpace.app.keepOnHotReload("n", () => ({v: 41})).v++`, sandbox);
    expect(runInNewContext(`NodeSpace.app.keepOnHotReload("n", () => ({v: 0})).v`, sandbox)).toBe(42);
});
