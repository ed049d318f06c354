import {afterAll, expect, test} from "bun:test";
import {readFileSync, rmSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {runCheck} from "./check-run.ts";
import {loadIndex} from "./index-file.ts";
import {tempSandbox} from "./test-support.ts";

const folders: string[] = [];
afterAll(() => {
    for (const folder of folders) rmSync(folder, {recursive: true, force: true});
});

/** Replaces `from` with `to` in a copied example's file, and fails the test if it was not there. */
function change(path: string, from: string, to: string): void {
    const source = readFileSync(path, "utf8");
    expect(source).toContain(from);
    writeFileSync(path, source.replace(from, to));
}

test("the restart claims can fail: a session whose data cannot travel is not recovered, a stream without resume is not resumed", async () => {
    const dir = tempSandbox(["chat-resume", "event-stream-resume"]);
    folders.push(dir);
    // The copies' index has no commands: the real one's, for `jopi-rewrite serve`.
    const commands = new Map(loadIndex(join(import.meta.dir, "..")).map((example) => [example.slug, example.command]));
    const index = JSON.parse(readFileSync(join(dir, "examples.json"), "utf8")) as {slug: string; command?: string}[];
    writeFileSync(join(dir, "examples.json"), JSON.stringify(index.map((example) => ({...example, command: commands.get(example.slug)}))));
    // A BigInt is not JSON: the sessions stay behind in the drained worker, and the clients get new ones.
    change(join(dir, "chat-resume/index.ts"), "ticks: 0}", "ticks: 0, joined: 1n}");
    change(join(dir, "event-stream-resume/index.ts"), 'req.eventStream({resume: {keepFor: "2m"}})', "req.eventStream({retryMs: 250})");

    const [chat, stream] = await Promise.all(loadIndex(dir).map((example) => runCheck(example, {timeoutMs: 20_000, frozen: true})));
    expect(chat!.ok).toBe(false);
    expect(chat!.failure).toContain("step:  alice: back, with its session (recovered true, the same session id)\n");
    expect(chat!.failure).toContain("+ recovered false, another session");
    expect(stream!.ok).toBe(false);
    expect(stream!.failure).toContain("step:  browser: reconnected with Last-Event-ID, and the same session went on");
    expect(stream!.failure).toContain("events without an id: is the stream's resume option set?");
}, 40_000);
