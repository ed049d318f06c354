/**
 * Builds the publishable tarballs of the libraries. Each package is copied to a staging folder,
 * its declarations are emitted there by `tsc`, its manifest gets the published name and
 * dependencies, and `npm pack` packs that folder, honouring the package's `files` list.
 * @module
 */
import {spawn} from "bun";
import {cpSync, mkdirSync, readFileSync, writeFileSync} from "node:fs";
import {basename, join, resolve} from "node:path";

const REPO_ROOT = resolve(import.meta.dir, "..");

/**
 * The libraries, in packing order, and the name each is published under. `jopi-node-space` is
 * another project's name on npm, so that package is published in the project's scope and installed
 * under its import name with an npm alias; the repository keeps the import name, which its
 * workspaces link.
 */
export const LIBRARIES = [
    {folder: "library/jopi-node-space", publishedName: "@jopi-rewrite/node-space"},
    {folder: "library/jopi-rewrite", publishedName: "jopi-rewrite"},
] as const;

/** The declarations `tsc` emits, which replace the source entries as `types`, export by export. */
const TYPES_ENTRY = "./types/implementation.d.ts";
const TYPES_OF_EXPORT: Record<string, string> = {".": TYPES_ENTRY, "./client": "./types/client/index.d.ts"};

/** One tarball written by `packLibraries`, as `npm pack --json` describes it. */
export interface Tarball {
    name: string;
    version: string;
    path: string;
    size: number;
    entryCount: number;
    files: string[];
}

type Manifest = Record<string, any>;

/** A docs directive line (`// highlight-next-line`...): the site reads it, a reader's copy does without. */
const HIGHLIGHT_DIRECTIVE = /^[ \t]*\/\/[ \t]*highlight-(next-line|start|end)[ \t]*\n/gm;

/**
 * The docs' examples as `jopi-rewrite example <slug>` writes them (example-command.ts): the files
 * of sandbox/examples.json, in one JSON file, since npm pack leaves out folders named node_modules.
 */
function shippedExamples(): string {
    const sandbox = join(REPO_ROOT, "sandbox");
    const index = JSON.parse(readFileSync(join(sandbox, "examples.json"), "utf8")) as {slug: string; title: string; files: string[]; command?: string}[];
    const examples = index.map(({slug, title, files, command}) => ({
        slug,
        title,
        files: Object.fromEntries(files.map((file) => [file, readFileSync(join(sandbox, slug, file), "utf8").replace(HIGHLIGHT_DIRECTIVE, "")])),
        ...(command ? {command} : {}),
    }));
    return `${JSON.stringify(examples, null, 1)}\n`;
}

async function run(command: string[], cwd: string): Promise<string> {
    const child = spawn(command, {cwd, stdout: "pipe", stderr: "pipe"});
    const [stdout, stderr, exitCode] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
    if (exitCode !== 0) throw new Error(`pack: \`${command.join(" ")}\` failed in ${cwd}:\n${stdout}${stderr}`);
    return stdout;
}

function publishedManifest(manifest: Manifest, publishedName: string): Manifest {
    const aliases = Object.fromEntries(LIBRARIES.map(({folder, publishedName}) => [basename(folder), publishedName]));
    const dependencies = Object.fromEntries(
        Object.entries((manifest.dependencies ?? {}) as Record<string, string>).map(([name, version]) =>
            aliases[name] && aliases[name] !== name ? [name, `npm:${aliases[name]}@${version}`] : [name, version],
        ),
    );
    // The source manifest's prepack refuses to pack the unstaged folder; the staged one has nothing to run.
    const {scripts: _scripts, ...rest} = manifest;
    const exports = Object.fromEntries(
        Object.entries(manifest.exports as Record<string, Record<string, string>>).map(([path, conditions]) => {
            if (!TYPES_OF_EXPORT[path]) throw new Error(`pack: the export "${path}" of ${publishedName} has no declarations; add it to TYPES_OF_EXPORT and to the files of its tsconfig.build.json.`);
            return [path, {...conditions, types: TYPES_OF_EXPORT[path]}];
        }),
    );
    return {...rest, name: publishedName, dependencies, types: TYPES_ENTRY, exports};
}

/**
 * Packs every library into `outDir`, staging them under `stageDir`.
 *
 * @example const tarballs = await packLibraries(".scratch/pack", tmpStage); // jopi-rewrite-0.1.0.tgz, ...
 * @see https://jopi-rewrite.dev/docs/getting-started#install
 */
export async function packLibraries(outDir: string, stageDir: string): Promise<Tarball[]> {
    mkdirSync(outDir, {recursive: true});
    const stages = LIBRARIES.map(({folder, publishedName}) => ({source: join(REPO_ROOT, folder), stage: join(stageDir, basename(folder)), publishedName}));
    // Both packages' declarations are emitted at the same time: each tsc run spends most of its time reading Bun's types.
    await Promise.all(
        stages.map(({source, stage}) => {
            cpSync(source, stage, {recursive: true, filter: (path) => !path.includes("node_modules")});
            return run([join(REPO_ROOT, "node_modules/.bin/tsc"), "-p", join(source, "tsconfig.build.json"), "--outDir", join(stage, "types")], REPO_ROOT);
        }),
    );
    const tarballs: Tarball[] = [];
    for (const {source, stage, publishedName} of stages) {
        const manifest = JSON.parse(readFileSync(join(source, "package.json"), "utf8")) as Manifest;
        writeFileSync(join(stage, "package.json"), `${JSON.stringify(publishedManifest(manifest, publishedName), null, 2)}\n`);
        if ((manifest.files as string[]).includes("examples.json")) writeFileSync(join(stage, "examples.json"), shippedExamples());
        const [packed] = JSON.parse(await run(["npm", "pack", "--json", "--pack-destination", resolve(outDir)], stage)) as Manifest[];
        tarballs.push({
            name: packed!.name,
            version: packed!.version,
            path: join(resolve(outDir), packed!.filename),
            size: packed!.size,
            entryCount: packed!.entryCount,
            files: (packed!.files as {path: string}[]).map((file) => file.path),
        });
    }
    return tarballs;
}
