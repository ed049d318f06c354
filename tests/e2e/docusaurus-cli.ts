/**
 * How the tests start the `docusaurus` CLI (build, serve): the project's own
 * binary, with its temporary files kept inside the project.
 *
 * Docusaurus loads docusaurus.config.ts through jiti, which caches the
 * transpiled file in $TMPDIR/node-jiti and never removes it. Pointing TMPDIR at
 * node_modules/.cache/docusaurus-tmp keeps that cache with the build's other
 * caches (which `npm run build:timed` clears for a cold build) and the system
 * temp folder as the test run found it.
 */
import fs from 'node:fs';
import path from 'node:path';

const siteDir = path.resolve(import.meta.dir, '../..');

/** The docusaurus binary of node_modules. */
export const docusaurusBin = path.join(siteDir, 'node_modules/.bin/docusaurus');

/**
 * The environment to start it with: ours, with TMPDIR inside the project.
 *
 * @example spawn(docusaurusBin, ['serve'], {env: docusaurusEnv()})
 */
export function docusaurusEnv(): NodeJS.ProcessEnv {
  const tmp = path.join(siteDir, 'node_modules/.cache/docusaurus-tmp');
  fs.mkdirSync(tmp, {recursive: true});
  return {...process.env, TMPDIR: tmp, TMP: tmp, TEMP: tmp};
}
