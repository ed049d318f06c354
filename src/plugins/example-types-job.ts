/**
 * Starts the typing of the examples (example-types.ts) in a process of its
 * own, as soon as the sandbox plugin is created: it then runs on the second
 * core while TypeDoc writes the API pages on the first, instead of adding its
 * seconds to the build. The TypeScript program it builds also stays out of
 * the build's own memory.
 *
 * Results are kept in node_modules/.cache/example-types, by a hash of
 * everything they depend on: the files, the library's sources, tsconfig.json
 * and the versions of twoslash, TypeScript and bun-types. A warm build or a
 * `docusaurus start` reload that changed none of these reads them back.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {runBunJob} from './bun-job';
import type {TypedFile, TypeHover} from './example-types';

/** A hover as the page draws it: the type's text, with the names that have an API page as links. */
export type PageTypeHover = Omit<TypeHover, 'text'> & {parts: (string | {name: string; to: string})[]};

const INPUT_PACKAGES = ['twoslash', 'typescript', 'bun-types'];
const LIBRARY_SOURCES = ['library/jopi-rewrite/src', 'library/jopi-node-space/src'];

function sourcesOf(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, {recursive: true, encoding: 'utf8'})
    .filter((file) => /\.(ts|d\.ts)$/.test(file) && !file.endsWith('.test.ts'))
    .sort()
    .map((file) => path.join(dir, file));
}

function cacheKey(siteDir: string, files: TypedFile[]): string {
  const hash = crypto.createHash('sha256');
  for (const name of INPUT_PACKAGES) hash.update(fs.readFileSync(path.join(siteDir, 'node_modules', name, 'package.json')));
  hash.update(fs.readFileSync(path.join(siteDir, 'tsconfig.json')));
  for (const file of LIBRARY_SOURCES.flatMap((dir) => sourcesOf(path.join(siteDir, dir)))) {
    hash.update(path.relative(siteDir, file)).update(fs.readFileSync(file));
  }
  hash.update(JSON.stringify(files));
  return hash.digest('hex').slice(0, 32);
}

/**
 * The hovers of the files, from the cache or a typing process started now.
 * The promise is marked handled at once: a type error must fail the build
 * where the plugin awaits it, not as an unhandled rejection before.
 *
 * @example const pending = startExampleTypes(siteDir, files); ... const hovers = await pending;
 * @see https://jopi-rewrite.dev/docs/verifying-the-docs#types-on-every-example
 */
export function startExampleTypes(siteDir: string, files: TypedFile[]): Promise<Record<string, TypeHover[]>> {
  const cacheFile = path.join(siteDir, 'node_modules/.cache/example-types', `${cacheKey(siteDir, files)}.json`);
  const pending = fs.existsSync(cacheFile)
    ? Promise.resolve(JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as Record<string, TypeHover[]>)
    : runBunJob<Record<string, TypeHover[]>>(siteDir, 'src/plugins/example-types.ts', files).then((hovers) => {
        fs.mkdirSync(path.dirname(cacheFile), {recursive: true});
        fs.writeFileSync(cacheFile, JSON.stringify(hovers));
        return hovers;
      });
  pending.catch(() => {});
  return pending;
}

/**
 * The API reference pages TypeDoc wrote (docs/api/<package>/<kind>/<Name>.md),
 * by name: the URL each name links to in a hover.
 */
export function apiPages(docsDir: string): Map<string, string> {
  const pages = new Map<string, string>();
  const apiDir = path.join(docsDir, 'api');
  if (!fs.existsSync(apiDir)) return pages;
  for (const file of fs.readdirSync(apiDir, {recursive: true, encoding: 'utf8'})) {
    const parts = file.replace(/\.mdx?$/, '').split(path.sep);
    if (parts.length === 3) pages.set(parts[2]!, `/docs/api/${parts.join('/')}`);
  }
  return pages;
}

/**
 * Splits each hover's text at the names that have an API page.
 *
 * @example withLinks(hovers, new Map([['WebSite', '/docs/api/jopi-rewrite/classes/WebSite']]))
 * @see https://jopi-rewrite.dev/docs/verifying-the-docs#types-on-every-example
 */
export function withLinks(hovers: TypeHover[], pages: Map<string, string>): PageTypeHover[] {
  return hovers.map(({text, ...at}) => {
    const parts: PageTypeHover['parts'] = [];
    let last = 0;
    for (const match of text.matchAll(/[A-Za-z_$][\w$]*/g)) {
      const to = pages.get(match[0]);
      if (!to) continue;
      if (match.index > last) parts.push(text.slice(last, match.index));
      parts.push({name: match[0], to});
      last = match.index + match[0].length;
    }
    if (last < text.length) parts.push(text.slice(last));
    return {...at, parts};
  });
}
