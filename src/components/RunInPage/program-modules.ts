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
