/**
 * Runs one of the site's build scripts in a Bun process of its own and reads
 * the JSON it prints. The build's plugins use it for work that builds a
 * TypeScript program (the examples' types, the editor's declarations): started
 * as a plugin is created, it runs on the second core beside TypeDoc, and its
 * program's memory stays out of the build process, whose peak has a budget.
 */
import {spawn} from 'node:child_process';
import path from 'node:path';

/**
 * The JSON that `script` (a path from the site's root) prints, given `input` as JSON on its stdin.
 * Rejects with what the script wrote on stderr when it exits with an error.
 *
 * @example const hovers = await runBunJob<Hovers>(siteDir, 'src/plugins/example-types.ts', files);
 * @see https://jopi-rewrite.dev/docs/verifying-the-docs#types-on-every-example
 */
export function runBunJob<T>(siteDir: string, script: string, input: unknown = null): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(siteDir, 'node_modules/.bin/bun'), [script], {cwd: siteDir, stdio: ['pipe', 'pipe', 'pipe']});
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(JSON.parse(Buffer.concat(out).toString('utf8')) as T);
      else reject(new Error(Buffer.concat(err).toString('utf8').trim() || `[${path.basename(script)}] exited with code ${code}`));
    });
    child.stdin.end(JSON.stringify(input));
  });
}
