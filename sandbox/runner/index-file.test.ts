import {afterAll, describe, expect, test} from "bun:test";
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {IndexError, loadIndex, parseIndex} from "./index-file.ts";

const root = mkdtempSync(join(tmpdir(), "sandbox-index-"));
afterAll(() => rmSync(root, {recursive: true, force: true}));

// A sandbox folder with one complete example, "hello", and a runner folder to be ignored.
mkdirSync(join(root, "hello"));
mkdirSync(join(root, "runner"));
writeFileSync(join(root, "hello/index.ts"), "");
writeFileSync(join(root, "hello/check.ts"), "");

const entry = (extra: Record<string, unknown> = {}) => ({slug: "hello", title: "Hello", page: "getting-started", files: ["index.ts"], ...extra});
const parse = (data: unknown) => parseIndex(JSON.stringify(data), root);
const error = (data: unknown) => {
    try {
        parse(data);
    } catch (caught) {
        expect(caught).toBeInstanceOf(IndexError);
        return (caught as Error).message;
    }
    throw new Error("no error");
};

describe("examples.json", () => {
    test("a valid entry gives the example with its folder", () => {
        expect(parse([entry()])).toEqual([{...entry(), page: "getting-started", dir: join(root, "hello")} as never]);
    });

    test("notInPage, when present, is the one sentence the page shows instead of running the example", () => {
        const why = "It edits a package in node_modules, which the page does not have.";
        expect(parse([entry({notInPage: why})])[0]!.notInPage).toBe(why);
        expect(parse([entry()])[0]!).not.toHaveProperty("notInPage");
    });

    test("every error names the entry by its slug", () => {
        expect(error([entry({extra: 1})])).toBe('entry 1 ("hello"): unknown key "extra" (allowed: slug, title, page, files, notInPage, command).');
        expect(error([entry({page: "blog"})])).toBe('entry 1 ("hello"): unknown page "blog" (pages: getting-started, hot-reload, in-memory-cache, node-space, long-lived-connections, production, security).');
        expect(error([entry({files: ["index.ts", "missing.ts"]})])).toBe('entry 1 ("hello"): file "missing.ts" does not exist in sandbox/hello/.');
        expect(error([entry(), entry()])).toBe('entry 2 ("hello"): duplicate slug "hello".');
        expect(error([{slug: "hello", title: "Hello", page: "hot-reload"}])).toBe('entry 1 ("hello"): missing key "files".');
        expect(error([{title: "no slug"}])).toStartWith("entry 1 (no slug): missing key");
    });

    test("refuses what would break a page or a check", () => {
        expect(error([entry({files: ["../hello/index.ts"]})])).toContain("must be a path inside sandbox/hello/");
        expect(error([entry({files: []})])).toContain("files must be a non-empty list");
        expect(error([entry({files: ["index.ts", "index.ts"]})])).toContain('"index.ts" is listed twice');
        expect(error([entry({slug: "Hello World"})])).toContain("slug must be kebab-case");
        expect(error([entry({title: " "})])).toContain("title must be a non-empty string");
        expect(error([entry({notInPage: ""})])).toContain("notInPage must be one sentence");
        expect(error([entry({notInPage: "It needs a process. And a port."})])).toContain("notInPage must be one sentence");
        expect(error([entry({notInPage: "it needs a real process"})])).toContain("notInPage must be one sentence");
        expect(error([entry({command: "rm -rf index.ts"})])).toContain('command must be a command line of jopi-rewrite, like "jopi-rewrite serve index.ts".');
        expect(error({examples: []})).toBe("the file must be a JSON array of {slug, title, page, files}.");
        expect(() => parseIndex("[{", root)).toThrow(/^not valid JSON/);
    });

    test("an example folder without its check, or missing from the index, is an error", () => {
        mkdirSync(join(root, "orphan"));
        writeFileSync(join(root, "orphan/index.ts"), "");
        expect(error([entry()])).toContain("the folder sandbox/orphan/ is not listed: add an entry");
        expect(error([entry(), {slug: "orphan", title: "Orphan", page: "node-space", files: ["index.ts"]}])).toBe(
            'entry 2 ("orphan"): sandbox/orphan/check.ts is missing: every example needs its check.',
        );
        rmSync(join(root, "orphan"), {recursive: true});
    });

    test("the repository's sandbox/examples.json is valid", () => {
        const examples = loadIndex(resolve(import.meta.dir, ".."));
        expect(examples.length).toBeGreaterThanOrEqual(15);
        expect(new Set(examples.map((example) => example.page))).toEqual(new Set(["getting-started", "hot-reload", "in-memory-cache", "node-space", "long-lived-connections", "production", "security"]));
    });
});
