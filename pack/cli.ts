/**
 * `npm run pack`: writes the publishable tarballs of the libraries to `.scratch/pack/` (or the
 * folder given as argument) and prints each one's size and file count.
 * @module
 */
import {mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, relative, resolve} from "node:path";
import {packLibraries} from "./stage.ts";

const outDir = resolve(process.argv[2] ?? join(import.meta.dir, "../.scratch/pack"));
const stageDir = mkdtempSync(join(tmpdir(), "jopi-pack-"));
try {
    for (const tarball of await packLibraries(outDir, stageDir)) {
        console.log(`${relative(process.cwd(), tarball.path)}  ${tarball.name}@${tarball.version}  ${(tarball.size / 1024).toFixed(1)} kB, ${tarball.entryCount} files`);
    }
} finally {
    rmSync(stageDir, {recursive: true, force: true});
}
