import {afterEach, expect, test} from "bun:test";
import {mkdtempSync, readdirSync, readFileSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {type ShippedExample, writeExample} from "./example-command.ts";

const folders: string[] = [];
afterEach(() => {
    for (const folder of folders.splice(0)) rmSync(folder, {recursive: true, force: true});
});
function emptyFolder(): string {
    const folder = mkdtempSync(join(tmpdir(), "jopi-example-"));
    folders.push(folder);
    return folder;
}
const example = (files: Record<string, string>): ShippedExample[] => [{slug: "hello", title: "A first website", files}];

test("writes the example's files into a folder named after it, and says how to run it", () => {
    const into = emptyFolder();
    const lines = writeExample("hello", into, example({"index.ts": "console.log(1);\n", "lib/util.ts": "export {};\n", "..notes.md": "a name, not a climb\n"}));
    expect(readFileSync(join(into, "hello/index.ts"), "utf8")).toBe("console.log(1);\n");
    expect(readFileSync(join(into, "hello/lib/util.ts"), "utf8")).toBe("export {};\n");
    expect(readFileSync(join(into, "hello/..notes.md"), "utf8")).toBe("a name, not a climb\n");
    expect(lines.at(-1)).toContain("bun --hot index.ts");
});

test("a file path that climbs out of the example's folder is refused, and nothing is written", () => {
    for (const path of ["../escaped.ts", "lib/../../escaped.ts", "/tmp/escaped.ts", ""]) {
        const into = emptyFolder();
        expect(() => writeExample("hello", into, example({"index.ts": "ok\n", [path]: "bad\n"}))).toThrow(/outside .*nothing was written/);
        expect(readdirSync(into)).toEqual([]);
    }
});

test("a slug that is a path is an unknown example", () => {
    const into = emptyFolder();
    const shipped: ShippedExample[] = [{slug: "../up", title: "", files: {"index.ts": ""}}];
    expect(() => writeExample("../up", into, shipped)).toThrow(/there is no example "..\/up"/);
    expect(() => writeExample("nope", into, example({"index.ts": ""}))).toThrow(/Known examples: hello/);
});
