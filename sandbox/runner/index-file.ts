/**
 * `sandbox/examples.json`, read strictly: the docs site and the runner both trust it, so any
 * entry it cannot fully honour is an error that names the entry, rather than a page or a check
 * that silently goes missing.
 * @module
 */
import {existsSync, readdirSync, readFileSync, statSync} from "node:fs";
import {isAbsolute, join, normalize} from "node:path";
import {COMMANDS} from "./commands.ts";

/** The docs pages an example may belong to. */
export const PAGES = ["getting-started", "hot-reload", "in-memory-cache", "node-space", "long-lived-connections", "production", "security"] as const;
export type Page = (typeof PAGES)[number];

/** One entry of examples.json, with the folder it lives in. */
export interface Example {
    slug: string;
    title: string;
    page: Page;
    /** Paths relative to the example's folder; the first is the file to run. */
    files: string[];
    /** The example's folder, absolute. */
    dir: string;
    /**
     * Why the docs page cannot run this example in the reader's browser, in one sentence the
     * page shows; absent when it can (its check then also runs in the page, in the browser test).
     */
    notInPage?: string;
    /** How a reader runs it when not `bun --hot <main file>`: a command of the packages, like `jopi-rewrite serve index.ts`. */
    command?: string;
}

/** Why examples.json cannot be used, naming the entry at fault. */
export class IndexError extends Error {
    override name = "IndexError";
}

const KEYS = ["slug", "title", "page", "files"];
const OPTIONAL_KEYS = ["notInPage", "command"];
// One sentence: it is shown as is, under the example, in place of the "Run in the browser" button.
const SENTENCE = /^[A-Z][^\n]{10,220}[^.]\.$/;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
// Folders of sandbox/ that are not examples.
const NOT_EXAMPLES = new Set(["runner", "node_modules"]);

function entryName(index: number, raw: unknown): string {
    const slug = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>).slug : undefined;
    return `entry ${index + 1} (${typeof slug === "string" ? JSON.stringify(slug) : "no slug"})`;
}

function checkEntry(raw: unknown, where: string, sandboxDir: string): Example {
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new IndexError(`${where}: is not an object.`);
    const entry = raw as Record<string, unknown>;
    for (const key of Object.keys(entry)) {
        if (!KEYS.includes(key) && !OPTIONAL_KEYS.includes(key)) throw new IndexError(`${where}: unknown key "${key}" (allowed: ${[...KEYS, ...OPTIONAL_KEYS].join(", ")}).`);
    }
    for (const key of KEYS) {
        if (!(key in entry)) throw new IndexError(`${where}: missing key "${key}".`);
    }
    const {slug, title, page, files, notInPage, command} = entry;
    if (command !== undefined && (typeof command !== "string" || !COMMANDS.includes(command.split(" ")[0]!))) {
        throw new IndexError(`${where}: command must be a command line of ${COMMANDS.join(", ")}, like "jopi-rewrite serve index.ts".`);
    }
    if (typeof slug !== "string" || !SLUG.test(slug)) throw new IndexError(`${where}: slug must be kebab-case, like "keep-counter".`);
    if (typeof title !== "string" || title.trim() === "") throw new IndexError(`${where}: title must be a non-empty string.`);
    if (typeof page !== "string" || !(PAGES as readonly string[]).includes(page)) {
        throw new IndexError(`${where}: unknown page ${JSON.stringify(page)} (pages: ${PAGES.join(", ")}).`);
    }
    if (notInPage !== undefined && (typeof notInPage !== "string" || !SENTENCE.test(notInPage) || notInPage.includes(". "))) {
        throw new IndexError(`${where}: notInPage must be one sentence saying why the page cannot run the example, like "It needs a real process: the page has no SIGTERM."`);
    }
    if (!Array.isArray(files) || files.length === 0 || !files.every((file) => typeof file === "string")) {
        throw new IndexError(`${where}: files must be a non-empty list of paths, the main file first.`);
    }
    const dir = join(sandboxDir, slug);
    const seen = new Set<string>();
    for (const file of files as string[]) {
        if (isAbsolute(file) || normalize(file).startsWith("..")) throw new IndexError(`${where}: file "${file}" must be a path inside sandbox/${slug}/.`);
        if (seen.has(file)) throw new IndexError(`${where}: file "${file}" is listed twice.`);
        seen.add(file);
        const path = join(dir, file);
        if (!existsSync(path) || !statSync(path).isFile()) throw new IndexError(`${where}: file "${file}" does not exist in sandbox/${slug}/.`);
    }
    if (!/\.[cm]?[jt]sx?$/.test(files[0] as string)) throw new IndexError(`${where}: the main file "${files[0]}" is not a program (.ts or .js).`);
    if (!existsSync(join(dir, "check.ts"))) throw new IndexError(`${where}: sandbox/${slug}/check.ts is missing: every example needs its check.`);
    const example: Example = {slug, title, page: page as Page, files: files as string[], dir};
    if (command !== undefined) example.command = command as string;
    if (notInPage !== undefined) example.notInPage = notInPage as string;
    return example;
}

/**
 * Parses the text of examples.json, checking every entry against the files of `sandboxDir`.
 *
 * @example const examples = parseIndex(readFileSync("sandbox/examples.json", "utf8"), "sandbox");
 */
export function parseIndex(text: string, sandboxDir: string): Example[] {
    let data: unknown;
    try {
        data = JSON.parse(text);
    } catch (error) {
        throw new IndexError(`not valid JSON: ${(error as Error).message}`);
    }
    if (!Array.isArray(data)) throw new IndexError("the file must be a JSON array of {slug, title, page, files}.");
    const examples: Example[] = [];
    data.forEach((raw, index) => {
        const where = entryName(index, raw);
        const example = checkEntry(raw, where, sandboxDir);
        if (examples.some((other) => other.slug === example.slug)) throw new IndexError(`${where}: duplicate slug "${example.slug}".`);
        examples.push(example);
    });
    // An example folder that the index forgets would never be checked nor shown.
    for (const name of readdirSync(sandboxDir)) {
        if (name.startsWith(".") || NOT_EXAMPLES.has(name) || !statSync(join(sandboxDir, name)).isDirectory()) continue;
        if (!examples.some((example) => example.slug === name)) {
            throw new IndexError(`the folder sandbox/${name}/ is not listed: add an entry with "slug": "${name}", or remove the folder.`);
        }
    }
    return examples;
}

/** Reads and parses `<sandboxDir>/examples.json`. */
export function loadIndex(sandboxDir: string): Example[] {
    const path = join(sandboxDir, "examples.json");
    if (!existsSync(path)) throw new IndexError(`${path} does not exist.`);
    return parseIndex(readFileSync(path, "utf8"), sandboxDir);
}
