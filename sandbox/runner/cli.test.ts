import {afterAll, describe, expect, test} from "bun:test";
import {freePort} from "hot-harness";
import {loadIndex} from "./index-file.ts";
import {markedProcesses, runCli, SANDBOX, startCli} from "./test-support.ts";

const examples = loadIndex(SANDBOX);
const marks: string[] = [];
afterAll(() => {
    for (const mark of marks) expect(markedProcesses(mark)).toEqual([]);
});

describe("npm run sandbox", () => {
    test("without arguments, lists the examples in index order, with their pages and titles", async () => {
        const {code, stdout} = await runCli([]);
        expect(code).toBe(0);
        const rows = examples.map((example) => stdout.split("\n").findIndex((line) => line.trim().split(/\s{2,}/).join("|") === `${example.slug}|${example.page}|${example.title}`));
        expect(rows.every((row) => row > 0)).toBe(true);
        expect(rows).toEqual([...rows].sort((a, b) => a - b));
    });

    test("an unknown slug says so, lists the known ones, and exits 2", async () => {
        const {code, stdout, stderr} = await runCli(["no-such-example"]);
        expect(code).toBe(2);
        expect(stdout).toBe("");
        expect(stderr).toStartWith("sandbox: unknown example: no-such-example. The examples are:\n");
        for (const example of examples) expect(stderr).toContain(`\n  ${example.slug}\n`);
        expect((await runCli(["--check", "hello", "nope"])).stderr).toStartWith("sandbox: unknown example: nope.");
    });

    test("--help says where the copy to edit is", async () => {
        const {code, stdout} = await runCli(["--help"]);
        expect(code).toBe(0);
        expect(stdout).toContain(".scratch/sandbox/<slug>/");
        expect((await runCli(["--port", "eighty", "hello"])).code).toBe(2);
    });

    for (const signal of ["SIGINT", "SIGTERM"] as const) {
        test(`<slug> runs the example in the foreground; ${signal} stops it and its whole group`, async () => {
            const mark = crypto.randomUUID();
            marks.push(mark);
            const port = await freePort();
            const child = startCli(["hello", "--port", String(port)], mark);
            const reader = child.stdout.getReader();
            let out = "";
            while (!out.includes("Website started")) {
                const read = await reader.read();
                if (read.done) throw new Error(`the runner ended: ${out}`);
                out += new TextDecoder().decode(read.value);
            }
            expect(out).toContain(`Open:  http://127.0.0.1:${port}/`);
            expect(out).toContain("Edit:  .scratch/sandbox/hello/index.ts");
            expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe("<h1>Hello world!</h1>");
            expect(markedProcesses(mark).length).toBeGreaterThanOrEqual(2); // The runner and bun --hot.

            const sent = performance.now();
            child.kill(signal);
            expect(await child.exited).toBe(0);
            expect(performance.now() - sent).toBeLessThan(3_000);
            expect(markedProcesses(mark)).toEqual([]);
        });
    }
});
