import {afterAll, describe, expect, test} from "bun:test";
import {readFileSync, rmSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {runCheck} from "./check-run.ts";
import {loadIndex} from "./index-file.ts";
import {markedProcesses, runCli, startCli, tempSandbox} from "./test-support.ts";

const folders: string[] = [];
afterAll(() => {
    for (const folder of folders) rmSync(folder, {recursive: true, force: true});
});

const CHECK_START = `import type {Check} from "../runner/check-harness.ts";\nexport default async (h: Check) => {\n    await h.start();\n`;

/** Checks every example of `dir` with a 3 s limit; each must fail, and soon. */
async function checkAllFail(dir: string, examples: number): Promise<{stdout: string; mark: string}> {
    folders.push(dir);
    const mark = crypto.randomUUID();
    const started = performance.now();
    const {code, stdout} = await runCli(["--check", "--timeout", "3000", "--dir", dir], mark);
    expect(performance.now() - started).toBeLessThan(8_000);
    expect(code).toBe(1);
    expect(stdout.trimEnd().split("\n").at(-1)).toBe(`0 passed, ${examples} failed`);
    return {stdout, mark};
}

describe("checks", () => {
    test("can fail: keep-counter without keepOnHotReload fails with a readable diff", async () => {
        const dir = tempSandbox(["keep-counter"]);
        folders.push(dir);
        const index = join(dir, "keep-counter/index.ts");
        const source = readFileSync(index, "utf8");
        writeFileSync(index, source.replace(/NodeSpace\.app\.keepOnHotReload\("statCount", \(\) => \((\{counter: 0\})\)\)/, "$1"));
        expect(readFileSync(index, "utf8")).not.toContain("keepOnHotReload");

        const result = await runCheck(loadIndex(dir)[0]!, {timeoutMs: 10_000, frozen: true});
        const checkFile = readFileSync(join(dir, "keep-counter/check.ts"), "utf8").split("\n");
        const line = checkFile.findIndex((text) => text.includes('expectBody("This is request #2")')) + 1;
        expect(result.ok).toBe(false);
        expect(result.failure).toContain("step:  GET /\n");
        expect(result.failure).toMatch(new RegExp(`keep-counter/check\\.ts:${line}\\n`));
        expect(result.failure).toContain("GET /: the body differs\n(- expected, + actual)\n  - This is request #2\n  + This is request #0\n");
        expect(result.failure).toContain("last lines of stdout:\n  | Website started: http://127.0.0.1:");
    });

    test("can fail from the client's side: a message that never comes, a socket that is never closed", async () => {
        const dir = tempSandbox(["chat", "socket-route-removed"]);
        folders.push(dir);
        // Two checks made to expect what does not happen: the chat's check waits for a format the
        // edit does not write; the other one's edit keeps the /ticker route, yet expects its socket closed.
        const chat = join(dir, "chat/check.ts");
        writeFileSync(chat, readFileSync(chat, "utf8").replace('"bob in #lobby: hi alice, new format here"', '"bob says: hi alice, new format here"'));
        const removed = join(dir, "socket-route-removed/check.ts");
        writeFileSync(removed, readFileSync(removed, "utf8").replace("delete the /ticker route", "keep the /ticker route").replace(/src\.replace\(\/.*\/, ""\)/, 'src.replace("ticker ready", "ticker is ready")'));
        const [chatResult, removedResult] = await Promise.all(loadIndex(dir).map((example) => runCheck(example, {timeoutMs: 15_000, frozen: true})));
        expect(chatResult!.failure).toContain('step:  wait for a message "bob says: hi alice, new format here" on bob\n');
        expect(chatResult!.failure).toContain("bob in #lobby: hi alice, new format here");
        expect(removedResult!.failure).toContain("step:  wait for /ticker to close with 4404\n");
        expect(removedResult!.failure).toContain("/ticker was not closed within");
    }, 30_000);

    test("an example that crashes, one that never answers and a check that hangs: reported within the time limit, no process left", async () => {
        const dir = tempSandbox([], {
            crash: {"index.ts": `throw new Error("boom at start");\n`, "check.ts": `${CHECK_START}};\n`},
            "no-answer": {
                "index.ts": `import {JopiServer, WebSite} from "jopi-rewrite";\nBun.spawn(["sleep", "300"]);\nconst server = new JopiServer();\nserver.addWebsite(new WebSite("http://127.0.0.1")).onGET("/", () => new Promise<Response>(() => {}));\nserver.startServer();\n`,
                "check.ts": `${CHECK_START}    await h.get("/");\n};\n`,
            },
            "stuck-check": {
                "index.ts": `import {JopiServer, WebSite} from "jopi-rewrite";\nconst server = new JopiServer();\nserver.addWebsite(new WebSite("http://127.0.0.1"));\nserver.startServer();\n`,
                "check.ts": `${CHECK_START}    await new Promise(() => {});\n};\n`,
            },
        });
        const {stdout, mark} = await checkAllFail(dir, 3);
        expect(stdout).toMatch(/✘ crash\n {4}step: {2}start index\.ts\n[^]*expected a line matching \/\^Website started: \/ on stdout[^]*boom at start/);
        expect(stdout).toMatch(/✘ no-answer\n {4}step: {2}GET \/\n[^]*no answer within 1500 ms/);
        expect(stdout).toMatch(/✘ stuck-check\n {4}step: {2}start index\.ts\n[^]*the check did not finish within 3000 ms/);
        expect(markedProcesses(mark)).toEqual([]);
    });

    test("an example that never starts and one that exits at once with code 0: each reported as such, the exit without waiting, no process left", async () => {
        const dir = tempSandbox([], {
            "never-starts": {"index.ts": `console.log("warming up");\nsetInterval(() => {}, 1000);\n`, "check.ts": `${CHECK_START}};\n`},
            "exits-at-once": {"index.ts": `console.log("nothing to serve");\nprocess.exit(0);\n`, "check.ts": `${CHECK_START}};\n`},
        });
        const {stdout, mark} = await checkAllFail(dir, 2);
        expect(stdout).toMatch(/✘ never-starts\n {4}step: {2}start index\.ts\n[^]*expected a line matching \/\^Website started: \/ on stdout: nothing within 1500 ms\n[^]*\| warming up\n/);
        expect(stdout).toMatch(/✘ exits-at-once\n {4}step: {2}start index\.ts\n[^]*expected a line matching \/\^Website started: \/ on stdout: the program exited \(code 0\)\n[^]*\| nothing to serve\n/);
        // The exit is noticed as it happens, not when the wait for the start line runs out.
        const exitSeconds = Number(/^✘ exits-at-once +([\d.]+) s$/m.exec(stdout)?.[1]);
        expect(exitSeconds).toBeLessThan(1.5);
        expect(markedProcesses(mark)).toEqual([]);
    });

    test("an example that floods stdout with 50 MB of lines: reported within the time limit, with a short report, the runner's memory bounded, no process left", async () => {
        // 500,000 lines of 100 bytes, written as fast as the pipe takes them; then a last line, and no website.
        const flood = `const chunk = Buffer.from(\`\${"flood line ".repeat(9)}\\n\`.repeat(10_000));\nfor (let i = 0; i < 50; i++) await Bun.write(Bun.stdout, chunk);\nconsole.log("flood done");\nsetInterval(() => {}, 1000);\n`;
        const dir = tempSandbox([], {flood: {"index.ts": flood, "check.ts": `${CHECK_START}};\n`}});
        folders.push(dir);
        const mark = crypto.randomUUID();
        const started = performance.now();
        const child = startCli(["--check", "--timeout", "4000", "--dir", dir], mark);
        const [stdout, code] = await Promise.all([new Response(child.stdout).text(), child.exited]);
        expect(performance.now() - started).toBeLessThan(9_000);
        expect(code).toBe(1);
        expect(stdout.trimEnd().split("\n").at(-1)).toBe("0 passed, 1 failed");
        expect(stdout).toMatch(/✘ flood\n {4}step: {2}start index\.ts\n[^]*expected a line matching \/\^Website started: \/ on stdout: nothing within 2000 ms\n/);
        // The runner read the whole flood (its last line is in the report), yet printed only a tail of it.
        expect(stdout).toContain("| flood done\n");
        expect(stdout.length).toBeLessThan(10_000);
        // Peak resident memory of the runner (and of the processes it waited for), in bytes.
        expect(child.resourceUsage()!.maxRSS).toBeLessThan(300 * 2 ** 20);
        expect(markedProcesses(mark)).toEqual([]);
    });

    test("--check --frozen flags a transcript that differs from the committed one, and writes nothing", async () => {
        const dir = tempSandbox(["hello"]);
        folders.push(dir);
        const path = join(dir, "hello/transcript.txt");
        const changed = readFileSync(path, "utf8").replace("< <h1>Hello Jopi!</h1>", "< <h1>Hello there!</h1>");
        writeFileSync(path, changed);

        const frozen = await runCli(["--check", "--frozen", "--dir", dir]);
        expect(frozen.code).toBe(1);
        expect(frozen.stdout).toContain("step:  transcript\n");
        expect(frozen.stdout).toContain("    - < <h1>Hello there!</h1>\n      + < <h1>Hello Jopi!</h1>\n");
        expect(frozen.stdout.trimEnd().split("\n").at(-1)).toBe("0 passed, 1 failed");
        expect(readFileSync(path, "utf8")).toBe(changed);

        const written = await runCli(["--check", "--dir", dir]);
        expect(written.code).toBe(0);
        expect(written.stdout).toContain("(transcript.txt written)");
        expect(readFileSync(path, "utf8")).toContain("< <h1>Hello Jopi!</h1>");
    });
});
