/**
 * `npm test` runs its steps through this guard, which fails the run when they
 * leave anything in the system temp folder:
 *
 *   bun tests/temp-folder-guard.ts <command> [args...]
 *
 * It makes one private folder in the system temp folder (jopi-docs-test-XXXXXX),
 * runs the command with TMPDIR, TMP and TEMP pointing at it, waits for the
 * command to end (also after a failure or Ctrl-C), then names every entry left
 * in that folder, removes the folder, and exits with the command's code, or 1
 * when something was left.
 *
 * Why a private folder rather than comparing the system temp folder before and
 * after: on a shared machine, other checkouts run the same tests at the same
 * time and create the same names (docs-index-*, .org.chromium.Chromium.*), so
 * a before/after comparison flags their files as ours, or must guess by name.
 * Every process of the run inherits TMPDIR (Node's and Bun's os.tmpdir(),
 * mkdtemp, Chromium and Playwright all read it), so whatever is in the private
 * folder at the end was made by this run and nothing else, and nothing else
 * can be blamed on it. Code that writes to a hard-coded /tmp would escape it:
 * none of ours does (grep for tmpdir, mkdtemp and /tmp).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const command = process.argv.slice(2);
if (command.length === 0) {
  console.error('temp-folder-guard: give the command to run, for example: bun tests/temp-folder-guard.ts npm run test:steps');
  process.exit(2);
}

const systemTemp = os.tmpdir();
const privateTemp = fs.mkdtempSync(path.join(systemTemp, 'jopi-docs-test-'));
// Nor does the run change the machine's kernel settings: every `jopi-rewrite serve` it starts
// (the docs examples' too) leaves net.ipv4.tcp_migrate_req alone, as under `bun test` (bunfig.toml).
const child = Bun.spawn(command, {
  env: {...process.env, TMPDIR: privateTemp, TMP: privateTemp, TEMP: privateTemp, JOPI_REWRITE_NO_TCP_MIGRATE: '1'},
  stdio: ['inherit', 'inherit', 'inherit'],
});
// Ctrl-C reaches the command too (same process group); a signal sent to the
// guard alone is passed on. Either way the guard waits, then checks and cleans.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => child.kill(signal));
}
const code = await child.exited;

/** The entries left, each with what it holds, so that the test that made it can be found. */
function leftovers(dir: string): string[] {
  return fs.readdirSync(dir, {withFileTypes: true}).map((entry) => {
    const full = path.join(dir, entry.name);
    if (!entry.isDirectory()) return `${entry.name} (${fs.lstatSync(full).size} bytes)`;
    const inside = fs.readdirSync(full, {recursive: true, encoding: 'utf8'});
    const shown = inside.slice(0, 5).join(', ') + (inside.length > 5 ? `, ... (${inside.length} entries)` : '');
    return `${entry.name}/ (holds: ${shown || 'nothing'})`;
  });
}

const left = leftovers(privateTemp);
fs.rmSync(privateTemp, {recursive: true, force: true});
if (left.length > 0) {
  console.error(
    `\ntemp-folder-guard: the test run left ${left.length} entr${left.length === 1 ? 'y' : 'ies'} in the temp folder ` +
      `(TMPDIR=${privateTemp}, now removed):\n  ${left.join('\n  ')}\n` +
      'Each test must remove what it creates, also when it fails (afterEach/afterAll, or try/finally).',
  );
  process.exit(code === 0 ? 1 : code);
}
console.log(`temp-folder-guard: nothing left in the temp folder (${path.basename(privateTemp)} under ${systemTemp})`);
process.exit(code);
