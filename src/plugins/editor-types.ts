/**
 * Local Docusaurus plugin: the declaration files the "Run in the browser"
 * editor's TypeScript service reads (src/components/RunInPage/editor), written
 * at build time as one data file that its Worker fetches on the editor's first
 * focus, never before. The bundler emits the file as it is (an asset, by URL):
 * parsed as a module, its 5 MB were a quarter of the build's peak memory.
 * It holds:
 *   - jopi-rewrite's and jopi-node-space's declarations, emitted from their
 *     sources by the same compiler and options as `npm run pack`;
 *   - the TypeScript libraries the repository's tsconfig.json names (ESNext, DOM);
 *   - the part of bun-types and @types/node these programs reach (globals,
 *     `process`, streams, the `bun` module the library's types import), with
 *     the rest (tests, SQL, FFI, inspector...) left out of their index files;
 *   - the compiler options of tsconfig.json, so the editor reports what tsc does.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import type {LoadContext, Plugin} from '@docusaurus/types';
import {runBunJob} from './bun-job';

/** What the editor's TypeScript service is given: files by virtual path, and the options. */
export type EditorTypes = {files: Record<string, string>; options: Record<string, unknown>};

export const EDITOR_TYPES_FILE = 'editor-types.json';

/** Files of bun-types and @types/node that no program of the page reaches. */
const LEFT_OUT = new Set([
  'bun-types/test.d.ts', 'bun-types/test-globals.d.ts', 'bun-types/sqlite.d.ts', 'bun-types/sql.d.ts', 'bun-types/ffi.d.ts', 'bun-types/jsc.d.ts',
  'bun-types/html-rewriter.d.ts', 'bun-types/wasm.d.ts', 'bun-types/devserver.d.ts', 'bun-types/security.d.ts', 'bun-types/bundle.d.ts', 'bun-types/shell.d.ts', 'bun-types/s3.d.ts',
  ...['assert', 'assert/strict', 'async_hooks', 'child_process', 'cluster', 'constants', 'crypto', 'dgram', 'diagnostics_channel', 'dns', 'dns/promises', 'domain', 'ffi',
    'http2', 'inspector', 'inspector.generated', 'inspector/promises', 'module', 'os', 'perf_hooks', 'punycode', 'querystring', 'quic', 'readline', 'readline/promises', 'repl',
    'sea', 'sqlite', 'test', 'test/reporters', 'trace_events', 'tty', 'v8', 'vm', 'vfs', 'wasi', 'worker_threads', 'zlib', 'zlib/promises', 'string_decoder', 'fs', 'fs/promises', 'path', 'path/posix', 'path/win32']
    .map((name) => `@types/node/${name}.d.ts`),
]);

function read(file: string): string {
  return fs.readFileSync(file, 'utf8');
}

/** A lib file and every lib it references, as "/lib.<name>.d.ts". */
function addLibs(libDir: string, name: string, into: Record<string, string>): void {
  const file = `lib.${name.toLowerCase()}.d.ts`;
  if (into[`/${file}`] !== undefined) return;
  const text = read(path.join(libDir, file));
  into[`/${file}`] = text;
  for (const [, referenced] of text.matchAll(/\/\/\/\s*<reference lib="([^"]+)"/g)) addLibs(libDir, referenced!, into);
}

/** Every .d.ts of a package, but those LEFT_OUT, with the references to those taken out of the others. */
function addPackage(nodeModules: string, name: string, into: Record<string, string>): void {
  const walk = (folder: string) => {
    for (const entry of fs.readdirSync(path.join(nodeModules, name, folder), {withFileTypes: true})) {
      const relative = path.posix.join(folder, entry.name);
      const key = `${name}/${relative}`;
      if (entry.isDirectory() && !['docs', 'ts7.1', 'ts5.6', 'ts5.7', 'node_modules'].includes(entry.name)) walk(relative);
      else if ((entry.name.endsWith('.d.ts') || entry.name === 'package.json') && !LEFT_OUT.has(key)) {
        const text = read(path.join(nodeModules, name, relative)).replace(/^\/\/\/\s*<reference path="([^"]+)"\s*\/>$/gm, (line, target: string) =>
          LEFT_OUT.has(path.posix.join(name, folder, target)) ? '' : line,
        );
        into[`/node_modules/${key}`] = text;
      }
    }
  };
  walk('');
}

/**
 * The declarations and options of the editor's TypeScript service, read from
 * this repository: about 20 s of compiling, once per build.
 *
 * @example const {files, options} = editorTypes(siteDir); // files["/node_modules/jopi-rewrite/types/implementation.d.ts"]
 * @see https://jopi-rewrite.dev/docs/getting-started#run-it-with-bun---hot
 */
export function editorTypes(siteDir: string): EditorTypes {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(siteDir, 'tsconfig.json'), undefined, {...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {}})!;
  const files: Record<string, string> = {};
  const libDir = path.dirname(ts.getDefaultLibFilePath(config.options));
  for (const lib of config.options.lib ?? []) addLibs(libDir, lib.replace(/^lib\.|\.d\.ts$/g, ''), files);

  // One program for both libraries: most of the time goes into reading Bun's types.
  const libraries = ['jopi-rewrite', 'jopi-node-space'];
  const roots = [...libraries.map((name) => path.join(siteDir, 'library', name, 'src/implementation.ts')), path.join(siteDir, 'library/jopi-rewrite/src/client/index.ts')];
  const program = ts.createProgram(roots, {...config.options, noEmit: false, declaration: true, emitDeclarationOnly: true, rootDir: path.join(siteDir, 'library'), outDir: '/out'});
  program.emit(undefined, (file, text) => {
    const [, name, rest] = /^\/out\/([^/]+)\/src\/(.*)$/.exec(file)!;
    files[`/node_modules/${name}/types/${rest}`] = text;
  }, undefined, true);
  for (const name of libraries) {
    const types = (entry: string) => ({types: `./types/${entry}.d.ts`});
    files[`/node_modules/${name}/package.json`] = JSON.stringify({name, types: './types/implementation.d.ts', exports: {'.': types('implementation'), ...(name === 'jopi-rewrite' ? {'./client': types('client/index')} : {})}});
  }
  for (const name of ['bun-types', '@types/node', 'rou3']) addPackage(path.join(siteDir, 'node_modules'), name, files);
  addPackage(path.join(siteDir, 'library/jopi-rewrite/node_modules'), 'lru-cache', files);
  // configFilePath would put the build machine's path in the published data.
  const {lib, types: _types, configFilePath: _path, ...options} = config.options;
  return {files, options: {...options, lib: lib!.map((name) => path.basename(name)), types: ['bun-types'], noEmit: true}};
}

export default function editorTypesPlugin(context: LoadContext): Plugin<EditorTypes> {
  // Compiled in a process of its own, from now: see bun-job.ts.
  const pending = runBunJob<EditorTypes>(context.siteDir, 'src/plugins/editor-types-job.ts');
  pending.catch(() => {});
  return {
    name: 'editor-types',
    loadContent() {
      return pending;
    },
    async contentLoaded({content, actions}) {
      await actions.createData(EDITOR_TYPES_FILE, JSON.stringify(content));
    },
    configureWebpack(_config, isServer) {
      const asFile = {module: {rules: [{test: /[\\/]editor-types\.json$/, type: 'asset/resource', generator: {filename: 'assets/editor-types.[contenthash:8].json'}}]}};
      // The server bundle never runs the editor's Worker: without the compiler in it, the build
      // leaves out about 9 MB of code it would otherwise parse, and the warnings that code gives.
      return isServer ? {...asFile, resolve: {alias: {typescript: false, '@typescript/vfs': false}}} : asFile;
    },
  };
}
