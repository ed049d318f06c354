// The library as an app gets it from npm: copies of the two packages in the node_modules of a
// scratch folder, with their own nested dependencies, rather than the workspace's links into
// library/. Bun watches every file an app loads from outside node_modules, and a link's target is
// outside: through it, the app's process watched the library's 57 files as its own, which no
// installed app does, and each reload paid for it (2.44 ms against 2.23 ms in one run of
// bench/reload-phases.ts). Apps of the bench are written in folders under installedRoot().
import {cpSync, existsSync, mkdirSync, mkdtempSync, rmSync} from "node:fs";
import {join} from "node:path";
import {REPO_ROOT} from "hot-harness";

const PACKAGES = ["jopi-rewrite", "jopi-node-space"];
let root: string | undefined;

/**
 * A folder whose node_modules holds the packages as installed, made once per bench process and
 * removed when it exits; an app in a folder under it imports them as a user's app does.
 * @example const dir = mkdtempSync(join(installedRoot(), "bench-"));
 */
export function installedRoot(): string {
    if (root !== undefined) return root;
    const scratch = join(REPO_ROOT, ".scratch");
    mkdirSync(scratch, {recursive: true});
    const made = mkdtempSync(join(scratch, "installed-"));
    process.on("exit", () => rmSync(made, {recursive: true, force: true}));
    for (const name of PACKAGES) {
        const from = join(REPO_ROOT, "library", name);
        // What npm publishes of src/ (package.json's "files"): no tests. Nested dependencies come
        // along, as npm nests a version the workspace root holds another of.
        for (const part of ["package.json", "src", "node_modules"].filter((part) => existsSync(join(from, part)))) {
            cpSync(join(from, part), join(made, "node_modules", name, part), {recursive: true, dereference: true, filter: (path) => !path.endsWith(".test.ts")});
        }
    }
    return (root = made);
}
