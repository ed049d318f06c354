/**
 * Local Docusaurus plugin: what the "Run in the browser" panel of each <Example>
 * needs (every file of the program, its check.ts and its verified transcript),
 * as a data file that the panel imports when the reader opens it. Not global
 * data: that would add every check to the first load of every page.
 *
 * The examples the page can run are those of sandbox/examples.json without
 * "notInPage"; the index is read by the runner's own strict parser.
 *
 * It also lets the bundler build jopi-rewrite for the browser (see configureWebpack).
 */
import fs from 'node:fs';
import path from 'node:path';
import type {LoadContext, Plugin} from '@docusaurus/types';
import {readProgram} from '../../sandbox/runner/example-files';
import {loadIndex} from '../../sandbox/runner/index-file';
import {sandboxDirOf} from './sandbox-examples';

/** One example as the panel runs it. */
export type InPageExample = {
  slug: string;
  /** The file to run, as `bun --hot <entry>`. */
  entry: string;
  /** The files the panel's editor shows first, in the index's order. */
  shown: string[];
  /** Every file of the program, by path in its folder. */
  files: Record<string, string>;
  check: string;
  transcript: string;
};

export type InPageExamples = Record<string, InPageExample>;

export const DATA_FILE = 'in-page-examples.json';

export function loadInPageExamples(sandboxDir: string): InPageExamples {
  const examples: InPageExamples = {};
  for (const example of loadIndex(sandboxDir)) {
    if (example.notInPage !== undefined) continue;
    examples[example.slug] = {
      slug: example.slug,
      entry: example.files[0]!,
      shown: example.files,
      files: readProgram(example.dir),
      check: fs.readFileSync(path.join(example.dir, 'check.ts'), 'utf8'),
      transcript: fs.readFileSync(path.join(example.dir, 'transcript.txt'), 'utf8'),
    };
  }
  return examples;
}

export default function inPageExamplesPlugin(context: LoadContext): Plugin<InPageExamples> {
  const sandboxDir = sandboxDirOf(context.siteDir);
  return {
    name: 'in-page-examples',
    loadContent() {
      return loadInPageExamples(sandboxDir);
    },
    async contentLoaded({content, actions}) {
      await actions.createData(DATA_FILE, JSON.stringify(content));
    },
    configureWebpack(_config, isServer, {currentBundler}) {
      const packageDir = path.join(context.siteDir, 'library/jopi-rewrite');
      // The server bundle never runs a program. (It still compiles the panel's Worker, with the
      // package's Node entry, node-guard.js, which exports nothing: a warning about fetchPort, harmless.)
      if (isServer) return {};
      const {NormalModuleReplacementPlugin} = currentBundler.instance;
      // The browser build of jopi-rewrite maps node:zlib to its own file in its package.json
      // "browser" field, but Rspack refuses node: URIs before it reads that field: apply the
      // package's map here, by replacing those requests.
      const fields = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')).browser as Record<string, string>;
      const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      return {
        plugins: Object.entries(fields).map(([from, to]) => new NormalModuleReplacementPlugin(new RegExp(`^${escape(from)}$`), path.join(packageDir, to))),
      };
    },
    getPathsToWatch() {
      return [path.join(sandboxDir, 'examples.json'), path.join(sandboxDir, '*', '**')];
    },
  };
}
