/**
 * One program of the page, as one `bun --hot` process: this Worker is the process. Its globals
 * are the program's (globalThis survives reloads, as in Bun; a restart is a new Worker), the
 * real jopi-rewrite runs in it through the package's browser entry, and its console is the
 * program's stdout and stderr.
 *
 * A reload follows Bun's rules: a write to a file the program has loaded (in any version) runs
 * the whole import graph again, after jopi-node-space's startNextGeneration() (what noteEvaluation
 * does under Bun); a write to a file never imported, or inside node_modules, reloads nothing;
 * plain timers of old versions go on; a version that throws while loading leaves the previous
 * one serving.
 */
import * as jopiRewrite from 'jopi-rewrite';
import * as jopiNodeSpace from 'jopi-node-space';
// The package's types describe its Bun entry; the browser entry adds the port table.
import type * as BrowserEntry from '../../../library/jopi-rewrite/src/browser/index';
import {brotliCompress} from './brotli';
import type {CompiledFile, FromProgram, Stream, ToProgram} from './program-messages';
import {connectionMessage, requestFor} from './program-connections';
import {format, reloads as reloadsAfter, resolveImport, resolvePackage} from './program-modules';

// The cache makes brotli as under Bun, with the WebAssembly encoder, loaded on its first use.
(jopiRewrite as unknown as typeof BrowserEntry).useAsyncBrotli(brotliCompress);

const scope = self as unknown as {postMessage(message: FromProgram, transfer?: Transferable[]): void; onmessage: ((event: MessageEvent<ToProgram>) => void) | null};
const packages: Record<string, unknown> = {'jopi-rewrite': jopiRewrite, 'jopi-node-space': jopiNodeSpace};
const files = new Map<string, CompiledFile>();
/** Files some version has loaded: Bun watches them until the process ends. */
const watched = new Set<string>();
let entry = 'index.ts';
let started = false;
/** Versions load one after the other, as Bun's reloads do. */
let loading: Promise<void> = Promise.resolve();

function print(stream: Stream, version: number, args: unknown[]): void {
  for (const text of format(args).split('\n')) scope.postMessage({type: 'line', stream, text, version});
}

const generation = () => jopiNodeSpace.getGeneration();

/** A console whose lines carry `version`: the version whose code printed them, or the current one. */
function consoleOf(version?: number): Console {
  const out = (...args: unknown[]) => print('stdout', version ?? generation(), args);
  const err = (...args: unknown[]) => print('stderr', version ?? generation(), args);
  return {...console, log: out, info: out, debug: out, error: err, warn: err};
}
Object.assign(console, consoleOf());
// Printed, as Bun prints them; handled here, so the page's Worker only hears of a script that did not load.
self.addEventListener('error', (event) => {
  event.preventDefault();
  print('stderr', generation(), [event.error ?? event.message]);
});
self.addEventListener('unhandledrejection', (event) => {
  event.preventDefault();
  print('stderr', generation(), [event.reason]);
});

/** The text of a file that is not code (a package.json), as the program's folder holds it now. */
function textOf(path: string): string | undefined {
  const file = files.get(path);
  return file && 'text' in file ? file.text : undefined;
}

type Loaded = Map<string, {exports: Record<string, unknown>}>;

/** Evaluates `path` and what it imports, each once per version; returns its exports. */
async function load(path: string, loaded: Loaded, version: number): Promise<Record<string, unknown>> {
  const done = loaded.get(path);
  if (done) return done.exports;
  const file = files.get(path)!;
  watched.add(path);
  const module = {exports: {} as Record<string, unknown>};
  loaded.set(path, module);
  if ('error' in file) throw new SyntaxError(file.error);
  if ('text' in file) {
    if (path.endsWith('.json')) module.exports = JSON.parse(file.text);
    return module.exports;
  }
  const dependencies = [...file.js.matchAll(/\brequire\((['"])([^'"]+)\1\)/g)].map((match) => match[2]!);
  const resolved = new Map<string, string>();
  for (const specifier of dependencies) {
    if (specifier in packages) continue;
    const target = specifier.startsWith('.') ? resolveImport(files, path, specifier) : resolvePackage(files, path, specifier, textOf);
    resolved.set(specifier, target);
    await load(target, loaded, version);
  }
  const require = (specifier: string) => packages[specifier] ?? loaded.get(resolved.get(specifier)!)!.exports;
  // The code starts on the wrapper's first line, so stack traces give the file's own line numbers.
  const body = (0, eval)(`(async function (exports, require, module, console) {${file.js}\n})\n//# sourceURL=${path}`);
  await body(module.exports, require, module, consoleOf(version));
  return module.exports;
}

/** Runs the program from its entry file: the first version, or the next one. */
function runVersion(reason: string): Promise<void> {
  loading = loading.then(async () => {
    const broken = started ? [...files].find(([path, file]) => 'error' in file && watched.has(path)) : undefined;
    if (broken) {
      // Bun reports the file that does not compile and keeps the version that runs.
      print('stderr', generation(), [`${broken[0]}: ${(broken[1] as {error: string}).error}`]);
      return;
    }
    if (started) jopiNodeSpace.startNextGeneration();
    started = true;
    const version = generation();
    scope.postMessage({type: 'version', version, reason});
    try {
      await load(entry, new Map(), version);
    } catch (error) {
      print('stderr', version, [error]);
    }
  });
  return loading;
}

async function answer(message: Extract<ToProgram, {type: 'request'}>): Promise<void> {
  const {id} = message;
  try {
    const {port, request} = requestFor(message.url, message);
    const response = await (jopiRewrite as unknown as typeof BrowserEntry).fetchPort(port, request);
    const body = await response.arrayBuffer();
    const {status, statusText} = response;
    const headers: [string, string][] = [];
    response.headers.forEach((value, name) => headers.push([name, value]));
    scope.postMessage({type: 'response', id, status, statusText, headers, body}, [body]);
  } catch (error) {
    scope.postMessage({type: 'response', id, error: (error as Error).message});
  }
}

const reloads = (path: string) => reloadsAfter(path, started, watched);

scope.onmessage = ({data: message}) => {
  if (message.type === 'start') {
    for (const [path, file] of Object.entries(message.files)) files.set(path, file);
    entry = message.entry;
    Object.assign((globalThis as unknown as {process: {env: Record<string, string>}}).process.env, message.env);
    void runVersion(`bun --hot ${entry}`);
  } else if (message.type === 'write') {
    files.set(message.path, message.file);
    if (reloads(message.path)) void runVersion(`${message.path} saved`);
  } else if (message.type === 'remove') {
    const folder = message.path.endsWith('/') ? message.path : `${message.path}/`;
    const removed = [...files.keys()].filter((path) => path === message.path || path.startsWith(folder));
    for (const path of removed) files.delete(path);
    if (removed.some(reloads)) void runVersion(`${message.path} deleted`);
  } else if (message.type === 'request') {
    void answer(message);
  } else {
    connectionMessage(message, (reply, transfer) => scope.postMessage(reply, transfer));
  }
};
