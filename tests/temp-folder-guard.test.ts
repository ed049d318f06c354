/**
 * The guard that `npm test` runs under: it names what a command leaves in the
 * temp folder and fails, passes a clean command's exit code on, and leaves
 * nothing behind itself.
 */
import {expect, test} from 'bun:test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const guard = path.join(import.meta.dir, 'temp-folder-guard.ts');
const bun = process.execPath;

async function runGuarded(script: string): Promise<{code: number; output: string}> {
  const child = Bun.spawn([bun, guard, bun, '-e', script], {stdout: 'pipe', stderr: 'pipe'});
  const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  return {code, output: stdout + stderr};
}

const privateFolders = () => fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith('jopi-docs-test-'));

test('a command that leaves a folder and a file fails, naming both, and the guard removes them', async () => {
  const before = privateFolders();
  const {code, output} = await runGuarded(`
    const fs = require('node:fs'), os = require('node:os'), path = require('node:path');
    fs.writeFileSync(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'docs-index-')), 'examples.json'), '[]');
    fs.writeFileSync(path.join(os.tmpdir(), 'stray.txt'), 'hi');`);
  expect(code).toBe(1);
  expect(output).toContain('left 2 entries in the temp folder');
  expect(output).toMatch(/docs-index-\w{6}\/ \(holds: examples\.json\)/);
  expect(output).toContain('stray.txt (2 bytes)');
  expect(privateFolders()).toEqual(before);
});

test('a clean command passes, and its exit code is kept', async () => {
  expect(await runGuarded('process.exit(0)')).toMatchObject({code: 0, output: expect.stringContaining('nothing left in the temp folder')});
  expect((await runGuarded('process.exit(3)')).code).toBe(3);
});

test('what a failing command leaves is still reported', async () => {
  const {code, output} = await runGuarded(`require('node:fs').mkdirSync(require('node:os').tmpdir() + '/half-done'); process.exit(4);`);
  expect(code).toBe(4);
  expect(output).toContain('half-done/ (holds: nothing)');
});
