/**
 * Local Docusaurus plugin: makes the checked examples of sandbox/ available to
 * the <Example slug="..."/> component.
 *
 * Why a plugin and not static imports: webpack only bundles imports it can see,
 * and the list of examples lives in sandbox/examples.json. The plugin reads the
 * index, every file and every transcript when the site starts or builds, and
 * writes one data file per example, which the page that shows the example
 * imports (src/plugins/remark-example-data.ts). `docusaurus start` watches the same files
 * (getPathsToWatch) and reloads the page when one of them changes.
 *
 * Why so strict: a page must never show code or output that the sandbox
 * checker did not run. Anything unexpected fails the build with a message that
 * names the example and what to do.
 */
import fs from 'node:fs';
import path from 'node:path';
import type {LoadContext, Plugin} from '@docusaurus/types';
import {apiPages, startExampleTypes, withLinks, type PageTypeHover} from './example-types-job';
import type {TypeHover} from './example-types';

/** One entry of sandbox/examples.json, exactly these keys. */
export type ExampleEntry = {
  slug: string;
  title: string;
  /** Id of the docs page that shows the example, e.g. "hot-reload". */
  page: string;
  /** Paths relative to sandbox/<slug>/; the first is the main file. */
  files: string[];
  /** Why the page cannot run it in the browser, in one sentence; absent when it can. */
  notInPage?: string;
  /** How a reader runs it when not `bun --hot <main file>`, like "jopi-rewrite serve index.ts". */
  command?: string;
};

export type ExampleFile = {
  /** Path shown as the code block title, e.g. "sandbox/hot-reload-cache/server.ts". */
  title: string;
  language: string;
  /** The file's text, unchanged (highlight markers included). */
  source: string;
  /** The names of a TypeScript file declared by the library or Bun, with their types (example-types.ts). */
  types?: PageTypeHover[];
};

export type ExampleData = ExampleEntry & {
  sources: ExampleFile[];
  /** Content of sandbox/<slug>/transcript.txt, written by `npm run sandbox -- --check`. */
  transcript: string;
};

export const PLUGIN_NAME = 'sandbox-examples';
const ENTRY_KEYS = ['slug', 'title', 'page', 'files', 'notInPage', 'command'] as const;
const SLUG_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const CHECK_HINT = 'run `npm run sandbox -- --check` to write it';

/** Prism language of a shown file, from its extension. */
const LANGUAGES: Record<string, string> = {
  '.ts': 'ts',
  '.tsx': 'tsx',
  '.js': 'js',
  '.mjs': 'js',
  '.jsx': 'jsx',
  '.json': 'json',
  '.html': 'html',
  '.css': 'css',
  '.sh': 'bash',
  '.md': 'md',
  '.txt': 'text',
};

export function languageOf(file: string): string {
  return LANGUAGES[path.extname(file).toLowerCase()] ?? 'text';
}

/** The sandbox folder: SANDBOX_DIR (for testing the site on fixtures) or <siteDir>/sandbox. */
export function sandboxDirOf(siteDir: string): string {
  return path.resolve(siteDir, process.env.SANDBOX_DIR || 'sandbox');
}

function fail(message: string): never {
  throw new Error(`[${PLUGIN_NAME}] ${message}`);
}

function validateEntry(raw: unknown, index: number): ExampleEntry {
  const where = `sandbox/examples.json[${index}]`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    fail(`${where} must be an object {slug, title, page, files}.`);
  }
  const entry = raw as Record<string, unknown>;
  const name =
    typeof entry.slug === 'string' ? `${where} (slug "${entry.slug}")` : where;
  for (const key of Object.keys(entry)) {
    if (!(ENTRY_KEYS as readonly string[]).includes(key)) {
      fail(`${name} has an unknown key "${key}": allowed keys are ${ENTRY_KEYS.join(', ')}. Remove it or fix its spelling.`);
    }
  }
  for (const key of ['slug', 'title', 'page'] as const) {
    if (typeof entry[key] !== 'string' || entry[key].trim() === '') {
      fail(`${name} needs a non-empty string "${key}".`);
    }
  }
  const slug = entry.slug as string;
  if (!SLUG_RE.test(slug)) {
    fail(`${name}: the slug must be lowercase words joined by "-" (it is also the folder name sandbox/<slug>/).`);
  }
  const files = entry.files;
  if (!Array.isArray(files) || files.length === 0 || files.some((f) => typeof f !== 'string' || f === '')) {
    fail(`${name} needs "files": a non-empty array of paths relative to sandbox/${slug}/ (the first is the main file).`);
  }
  for (const file of files as string[]) {
    const normal = path.posix.normalize(file);
    if (path.isAbsolute(file) || normal.startsWith('..') || normal !== file) {
      fail(`${name}: file "${file}" must be a plain relative path inside sandbox/${slug}/ (no "..", no "./", no absolute path).`);
    }
  }
  if (new Set(files).size !== files.length) {
    fail(`${name} lists the same file twice in "files".`);
  }
  const notInPage = entry.notInPage;
  if (notInPage !== undefined && (typeof notInPage !== 'string' || notInPage.trim() === '')) {
    fail(`${name}: "notInPage" must be the sentence that says why the page cannot run the example.`);
  }
  if (entry.command !== undefined && (typeof entry.command !== 'string' || entry.command.trim() === '')) {
    fail(`${name}: "command", when given, must be the command line that runs the example.`);
  }
  const result: ExampleEntry = {slug, title: entry.title as string, page: entry.page as string, files: files as string[]};
  if (typeof notInPage === 'string') result.notInPage = notInPage;
  if (typeof entry.command === 'string') result.command = entry.command;
  return result;
}

/**
 * Reads and validates sandbox/examples.json, the example files and their
 * transcripts. Throws on the first problem. Also used by tests/docs-index.test.ts.
 */
export function loadExamples(sandboxDir: string): ExampleData[] {
  const indexPath = path.join(sandboxDir, 'examples.json');
  if (!fs.existsSync(indexPath)) {
    fail(`${indexPath} does not exist. Create it: a JSON array of {slug, title, page, files}.`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(indexPath, 'utf8'));
  } catch (error) {
    fail(`sandbox/examples.json is not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(raw)) {
    fail('sandbox/examples.json must be a JSON array of {slug, title, page, files}.');
  }

  const seen = new Set<string>();
  return raw.map((item, index): ExampleData => {
    const entry = validateEntry(item, index);
    const {slug} = entry;
    if (seen.has(slug)) {
      fail(`the slug "${slug}" appears twice in sandbox/examples.json. Slugs are folder names and must be unique: rename or remove one entry.`);
    }
    seen.add(slug);

    const exampleDir = path.join(sandboxDir, slug);
    const sources = entry.files.map((file): ExampleFile => {
      const filePath = path.join(exampleDir, file);
      if (!fs.statSync(filePath, {throwIfNoEntry: false})?.isFile()) {
        fail(`example "${slug}" lists "${file}" but sandbox/${slug}/${file} does not exist. Add the file or fix "files" in sandbox/examples.json.`);
      }
      return {
        title: `sandbox/${slug}/${file}`,
        language: languageOf(file),
        source: fs.readFileSync(filePath, 'utf8'),
      };
    });

    // The docs show this transcript as "Verified output": no transcript, no page.
    const transcriptPath = path.join(exampleDir, 'transcript.txt');
    if (!fs.existsSync(transcriptPath)) {
      fail(`example "${slug}" has no verified output: sandbox/${slug}/transcript.txt is missing; ${CHECK_HINT}.`);
    }
    const transcript = fs.readFileSync(transcriptPath, 'utf8');
    if (transcript.trim() === '') {
      fail(`example "${slug}" has an empty sandbox/${slug}/transcript.txt; ${CHECK_HINT}.`);
    }
    return {...entry, sources, transcript};
  });
}

/**
 * What the dev server watches. Docusaurus asks once, at startup: the files of
 * an example added later are read when examples.json changes, but watched only
 * after a restart. The transcript glob catches the checker writing a new one.
 */
export function watchedPaths(sandboxDir: string, examples: ExampleData[]): string[] {
  return [
    path.join(sandboxDir, 'examples.json'),
    path.join(sandboxDir, '*', 'transcript.txt'),
    ...examples.flatMap((example) => [
      ...example.files.map((file) => path.join(sandboxDir, example.slug, file)),
      path.join(sandboxDir, example.slug, 'transcript.txt'),
    ]),
  ];
}

/** Every shown file of the examples, as the typing process takes them. */
function filesOf(examples: ExampleData[]) {
  return examples.flatMap((example) => example.sources.map(({title, source}) => ({title, source})));
}

export default function sandboxExamplesPlugin(context: LoadContext): Plugin<ExampleData[]> {
  const sandboxDir = sandboxDirOf(context.siteDir);
  let lastLoaded = loadExamples(sandboxDir);
  // Started now, before TypeDoc's plugin runs, so that both work at once.
  let typing: {files: string; hovers: Promise<Record<string, TypeHover[]>>} | undefined;
  const startTyping = (examples: ExampleData[]) => {
    const files = filesOf(examples);
    const key = JSON.stringify(files);
    if (typing?.files !== key) typing = {files: key, hovers: startExampleTypes(context.siteDir, files)};
    return typing.hovers;
  };
  startTyping(lastLoaded);
  return {
    name: PLUGIN_NAME,
    async loadContent() {
      lastLoaded = loadExamples(sandboxDir);
      const waitFrom = performance.now();
      const hovers = await startTyping(lastLoaded);
      // How much of the typing the build waited for, after TypeDoc: the part of it that adds to the build's time.
      const names = Object.values(hovers).flat().length;
      console.log(`[${PLUGIN_NAME}] example types: ${names} names typed, ${((performance.now() - waitFrom) / 1000).toFixed(1)} s waited for them`);
      const pages = apiPages(path.join(context.siteDir, 'docs'));
      return lastLoaded.map((example) => ({
        ...example,
        sources: example.sources.map((file) => (hovers[file.title] ? {...file, types: withLinks(hovers[file.title]!, pages)} : file)),
      }));
    },
    async contentLoaded({content, actions}) {
      // One data file per example, which src/plugins/remark-example-data.ts imports into the page
      // that shows it: as global data, every example would be in the first load of every page.
      await Promise.all(content.map((example) => actions.createData(`${example.slug}.json`, JSON.stringify(example))));
    },
    getPathsToWatch() {
      return watchedPaths(sandboxDir, lastLoaded);
    },
  };
}
