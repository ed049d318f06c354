/**
 * The rules of Bun that the page's program (program-worker.ts) follows, kept apart so that they
 * can be tested without a Worker: how an import is found, which write reloads, how the console
 * prints.
 */

function dirOf(path: string): string {
  return path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : '';
}

/**
 * A relative import, resolved as Bun does for these programs: the path, then .ts, .js, /index.ts.
 *
 * @example resolveImport(new Set(['starter.ts', 'version1/index.ts']), 'starter.ts', './version1/'); // "version1/index.ts"
 */
export function resolveImport(files: {has(path: string): boolean}, from: string, specifier: string): string {
  const parts: string[] = [];
  for (const part of (dirOf(from) + specifier).split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  const path = parts.join('/');
  const found = [path, `${path}.ts`, `${path}.js`, `${path}/index.ts`].find((candidate) => files.has(candidate));
  if (!found) throw new Error(`Cannot find module "${specifier}" from "${from}"`);
  return found;
}

/**
 * A package import (`import {greeting} from "greeting"`), resolved as Bun does for the example's own
 * node_modules: the nearest `node_modules/<name>/` from the importing file up, then its
 * package.json's `exports` (a string), `module` or `main`, else its index.ts or index.js.
 *
 * @example resolvePackage(files, 'index.ts', 'greeting', read); // "node_modules/greeting/index.ts"
 */
export function resolvePackage(files: {has(path: string): boolean}, from: string, specifier: string, readText: (path: string) => string | undefined): string {
  const dirs = dirOf(from).split('/').filter(Boolean);
  for (let depth = dirs.length; depth >= 0; depth--) {
    const base = [...dirs.slice(0, depth), 'node_modules', specifier].join('/');
    const manifest = readText(`${base}/package.json`);
    if (manifest === undefined && !files.has(`${base}/index.ts`) && !files.has(`${base}/index.js`)) continue;
    const fields = manifest === undefined ? {} : (JSON.parse(manifest) as {exports?: unknown; module?: unknown; main?: unknown});
    const main = [fields.exports, fields.module, fields.main].find((field): field is string => typeof field === 'string');
    return resolveImport(files, `${base}/package.json`, main ? (main.startsWith('.') ? main : `./${main}`) : './index');
  }
  throw new Error(`Cannot find package "${specifier}" from "${from}": in the page, only jopi-rewrite, jopi-node-space and the example's own node_modules can be imported.`);
}

/**
 * Whether a change to `path` reloads the program. Bun watches every file a version has loaded,
 * until the process ends, except those in node_modules; a file nothing imported is not watched.
 *
 * @example reloads('version2/index.ts', true, new Set(['starter.ts'])); // false: nothing imports it yet
 */
export function reloads(path: string, started: boolean, watched: ReadonlySet<string>): boolean {
  return started && watched.has(path) && !path.startsWith('node_modules/') && !path.includes('/node_modules/');
}

/**
 * Text of console arguments as Bun prints them: an Error as `error: message` (or `TypeError:
 * message`), then its stack; objects as JSON.
 *
 * @example format([200, 'Hello']); // "200 Hello"
 */
export function format(args: unknown[]): string {
  return args.map((value) => {
    if (typeof value === 'string') return value;
    if (value instanceof Error) {
      const head = `${value.name === 'Error' ? 'error' : value.name}: ${value.message}`;
      const frames = (value.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
      return [head, ...frames.map((frame) => `      ${frame.trim()}`)].join('\n');
    }
    if (typeof value === 'object' && value !== null) {
      try {
        return JSON.stringify(value);
      } catch {
        return String(value);
      }
    }
    return String(value);
  }).join(' ');
}
