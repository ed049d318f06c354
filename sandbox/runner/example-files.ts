/**
 * The files of an example as a reader gets them: everything in its folder but the check and
 * the transcript, which belong to the docs' verification, not to the program.
 * @module
 */
import {mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {dirname, join, relative} from "node:path";

/** Files of an example folder that are not part of the program. */
export const NOT_PROGRAM = new Set(["check.ts", "transcript.txt"]);

function walk(root: string, dir: string, out: Record<string, string>): void {
    for (const entry of readdirSync(dir, {withFileTypes: true})) {
        const path = join(dir, entry.name);
        const name = relative(root, path);
        if (entry.isDirectory()) walk(root, path, out);
        else if (entry.isFile() && !NOT_PROGRAM.has(name)) out[name] = readFileSync(path, "utf8");
    }
}

/**
 * The program's files, by path relative to the example's folder (its own node_modules included).
 *
 * @example readProgram("sandbox/hello"); // {"index.ts": "import {JopiServer..."}
 */
export function readProgram(dir: string): Record<string, string> {
    const files: Record<string, string> = {};
    walk(dir, dir, files);
    return files;
}

/** Replaces `target` with a fresh copy of the program in `dir`. */
export function copyProgram(dir: string, target: string): void {
    rmSync(target, {recursive: true, force: true});
    for (const [name, content] of Object.entries(readProgram(dir))) {
        mkdirSync(dirname(join(target, name)), {recursive: true});
        writeFileSync(join(target, name), content);
    }
}
