/**
 * `jopi-rewrite example [slug]`: the docs' examples for a reader who installed the package, not a
 * clone of its repository. The packed package carries them in one file, examples.json (written by
 * the repository's pack step from its sandbox), so this works offline and gives the very files the
 * docs show and CI checks. A folder of that name is never overwritten.
 * @module
 */
import {existsSync, mkdirSync, readFileSync, writeFileSync} from "node:fs";
import {dirname, isAbsolute, join, relative, resolve, sep} from "node:path";

/** One example as the package ships it: its files by path, the first is the one to run. */
export interface ShippedExample {
    slug: string;
    title: string;
    files: Record<string, string>;
    command?: string;
}

/** Where the packed package keeps its examples, next to src/. */
const SHIPPED = resolve(import.meta.dir, "../../examples.json");

function readShipped(): ShippedExample[] {
    if (!existsSync(SHIPPED)) {
        throw new Error("jopi-rewrite: this copy of jopi-rewrite has no examples.json (only the published package has one); in a clone of the repository, run `npm run sandbox -- <slug>` instead.");
    }
    return JSON.parse(readFileSync(SHIPPED, "utf8")) as ShippedExample[];
}

/**
 * The line list of `jopi-rewrite example`: each slug and its title.
 *
 * @example for (const line of listExamples()) console.log(line); // "hello  A first website", ...
 * @see https://jopi-rewrite.dev/docs/getting-started#examples
 */
export function listExamples(): string[] {
    const examples = readShipped();
    const width = Math.max(...examples.map((example) => example.slug.length));
    return examples.map((example) => `${example.slug.padEnd(width)}  ${example.title}`);
}

/**
 * Writes the example's files into `<into>/<slug>/` and returns what to say: the files written and
 * the command that runs it from there. Refuses an unknown slug (naming the known ones), a
 * folder that already exists, and a file path that would land outside the folder (examples.json
 * is data: a path in it that climbs out is refused before anything is written).
 *
 * @example console.log(writeExample("hello", process.cwd()).join("\n")); // ... cd hello && bun --hot index.ts
 * @see https://jopi-rewrite.dev/docs/getting-started#examples
 */
export function writeExample(slug: string, into: string, examples: ShippedExample[] = readShipped()): string[] {
    // A slug is a folder name of its own, never a path.
    const example = /^[a-z0-9][a-z0-9-]*$/.test(slug) ? examples.find((candidate) => candidate.slug === slug) : undefined;
    if (!example) throw new Error(`jopi-rewrite: there is no example ${JSON.stringify(slug)}. Known examples: ${examples.map((e) => e.slug).join(", ")}.`);
    const folder = resolve(into, slug);
    if (existsSync(folder)) throw new Error(`jopi-rewrite: ${folder} already exists; remove it, or run jopi-rewrite example ${slug} from another folder.`);
    // Every path is checked before the first file is written.
    const files = Object.entries(example.files).map(([path, source]) => {
        const target = join(folder, path);
        const inside = relative(folder, target);
        if (isAbsolute(path) || !inside || inside.split(sep)[0] === "..") {
            throw new Error(`jopi-rewrite: example ${slug} names the file ${JSON.stringify(path)}, which is outside ${folder}; nothing was written. Reinstall jopi-rewrite: its examples.json is not the one it was packed with.`);
        }
        return [target, source] as const;
    });
    const lines: string[] = [];
    for (const [target, source] of files) {
        mkdirSync(dirname(target), {recursive: true});
        writeFileSync(target, source);
        lines.push(`wrote ${relative(process.cwd(), target)}`);
    }
    const [main] = Object.keys(example.files);
    const run = example.command ? `npx ${example.command}` : `bun --hot ${main}`;
    lines.push(`Run it: cd ${relative(process.cwd(), folder) || "."} && ${run}   (PORT sets the port; jopi-rewrite must be installed in this folder or a parent)`);
    return lines;
}
