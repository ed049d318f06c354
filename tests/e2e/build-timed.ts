/**
 * `npm run build:timed`: a cold `docusaurus build` (caches removed first, as in
 * a fresh CI clone) that prints its wall time and peak memory, and fails when
 * they pass the budget: 60 s and 1.5 GB on the 2-core CI machine.
 *
 * Peak memory is the child's maximum resident set size as the kernel reports
 * it on exit (wait4), so no /usr/bin/time is needed. Extra arguments go to
 * `docusaurus build`.
 */
import fs from 'node:fs';
import path from 'node:path';
import {docusaurusBin, docusaurusEnv} from './docusaurus-cli';

const siteDir = path.resolve(import.meta.dir, '../..');
const BUDGET_SECONDS = 60;
const BUDGET_BYTES = 1.5 * 1024 ** 3;

// Cold means: no Docusaurus data, no Rspack persistent cache, no old output.
for (const dir of ['.docusaurus', 'build', 'node_modules/.cache']) {
  fs.rmSync(path.join(siteDir, dir), {recursive: true, force: true});
}

const started = performance.now();
const child = Bun.spawn([docusaurusBin, 'build', ...process.argv.slice(2)], {
  cwd: siteDir,
  env: docusaurusEnv(),
  stdio: ['ignore', 'inherit', 'inherit'],
});
const exitCode = await child.exited;
const seconds = (performance.now() - started) / 1000;
const peakBytes = child.resourceUsage()?.maxRSS ?? Number.NaN;

const mb = (bytes: number) => `${Math.round(bytes / 1024 ** 2)} MB`;
console.log(`\ncold docusaurus build: ${seconds.toFixed(1)} s, peak memory ${mb(peakBytes)} ` +
  `(budget ${BUDGET_SECONDS} s, ${mb(BUDGET_BYTES)}), exit code ${exitCode}`);

if (exitCode !== 0) process.exit(exitCode);
if (seconds > BUDGET_SECONDS || !(peakBytes <= BUDGET_BYTES)) {
  console.error('the docs build is over its time or memory budget');
  process.exit(1);
}
