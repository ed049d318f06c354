/**
 * The docs and sandbox/examples.json must agree: every example is shown on
 * the page the index names, and every <Example slug> on a page is in the index
 * with that page. The build checks the second half too (Example.tsx throws);
 * this test also catches an example that no page shows. It also checks the
 * assumption behind the API pages' entry point, and loadExamples' refusals.
 *
 * SANDBOX_DIR points it at another sandbox folder, as for the site itself.
 */
import {afterEach, describe, expect, test} from 'bun:test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {loadExamples, sandboxDirOf, type ExampleData} from '../src/plugins/sandbox-examples';
import {guidePages} from '../src/guide-pages';

const siteDir = path.resolve(import.meta.dir, '..');
const docsDir = path.join(siteDir, 'docs');

type DocPage = {id: string; file: string; exampleSlugs: string[]};

/** Docs pages written by hand (docs/api is generated), with their ids and <Example> slugs. */
function readDocPages(): DocPage[] {
  const files = fs
    .readdirSync(docsDir, {recursive: true, encoding: 'utf8'})
    .filter((file) => /\.mdx?$/.test(file) && !file.startsWith(`api${path.sep}`));
  return files.map((file) => {
    const text = fs.readFileSync(path.join(docsDir, file), 'utf8');
    const frontMatter = /^---\n([\s\S]*?)\n---/.exec(text)?.[1] ?? '';
    const id = /^id:\s*["']?([^"'\n]+?)["']?\s*$/m.exec(frontMatter)?.[1] ?? path.basename(file).replace(/\.mdx?$/, '');
    // Code samples that mention <Example> are not usages.
    const body = text.replace(/^(```|~~~)[\s\S]*?^\1/gm, '').replace(/`[^`\n]*`/g, '');
    const tags = body.match(/<Example\b[^>]*>/g) ?? [];
    const exampleSlugs = tags.map((tag) => {
      const slug = /\bslug=["']([^"']+)["']/.exec(tag)?.[1];
      if (!slug) throw new Error(`${file}: ${tag} needs a literal slug="..." so that it can be checked`);
      return slug;
    });
    return {id, file, exampleSlugs};
  });
}

describe('docs pages and sandbox/examples.json', () => {
  const pages = readDocPages();
  const examples = loadExamples(sandboxDirOf(siteDir));

  test('every guide page of the sidebar exists once, with that id', () => {
    const ids = pages.map((page) => page.id);
    for (const id of guidePages) expect(ids.filter((x) => x === id)).toEqual([id]);
  });

  test('every <Example slug> on a page is in the index, for that page', () => {
    for (const page of pages) {
      for (const slug of page.exampleSlugs) {
        const example = examples.find((e) => e.slug === slug);
        expect(example, `${page.file}: <Example slug="${slug}"> is not in sandbox/examples.json`).toBeDefined();
        expect(example!.page, `${page.file}: example "${slug}" belongs to page "${example!.page}"`).toBe(page.id);
      }
    }
  });

  test('every example of the index appears on its page', () => {
    for (const example of examples) {
      const page = pages.find((p) => p.id === example.page);
      expect(page, `example "${example.slug}": no docs page has id "${example.page}"`).toBeDefined();
      expect(page!.exampleSlugs, `example "${example.slug}" is missing from ${page!.file}`).toContain(example.slug);
    }
  });
});

describe('API reference', () => {
  // docusaurus.config.ts points TypeDoc at implementation.ts (real classes)
  // rather than the entry files (const re-exports): the pages are right only
  // while both export the same values. jopi-rewrite's index.d.ts re-exports
  // implementation.ts's types, so this also checks that its types are true.
  test('implementation.ts, which TypeDoc documents, exports what jopi-rewrite exports', async () => {
    const published = Object.keys(await import('jopi-rewrite')).sort();
    const documented = Object.keys(await import('../library/jopi-rewrite/src/implementation.ts')).sort();
    expect(documented).toEqual(published);
  });

  test('implementation.ts, which TypeDoc documents, exports what jopi-node-space exports', async () => {
    const published = Object.keys(await import('jopi-node-space')).sort();
    const documented = Object.keys(await import('../library/jopi-node-space/src/implementation.ts')).sort();
    expect(documented).toEqual(published);
  });

  // The Performance page says Bun does not transpile the entry again at each reload: that holds
  // while the file Bun resolves starts with the `// @bun` line and is plain JavaScript.
  test.each(['jopi-rewrite', 'jopi-node-space'])('the entry Bun loads for %s is plain JavaScript marked // @bun', (name) => {
    const entry = Bun.resolveSync(name, import.meta.dir);
    const source = fs.readFileSync(entry, 'utf8');
    expect(source.split('\n', 1)[0]).toBe('// @bun');
    expect(() => new Bun.Transpiler({loader: 'js'}).transformSync(source)).not.toThrow();
  });
});

describe('loadExamples rejects a bad index', () => {
  // Removed after each test, passed or failed.
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) fs.rmSync(dir, {recursive: true, force: true});
  });

  /** A throwaway sandbox folder with one valid example, then `change` applied. */
  function sandboxWith(change: (dir: string, index: Record<string, unknown>[]) => void): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docs-index-'));
    made.push(dir);
    fs.mkdirSync(path.join(dir, 'demo'));
    fs.writeFileSync(path.join(dir, 'demo', 'main.ts'), '// highlight-next-line\nconsole.log(1);\n');
    fs.writeFileSync(path.join(dir, 'demo', 'transcript.txt'), '[stdout] 1\n');
    const index: Record<string, unknown>[] = [{slug: 'demo', title: 'Demo', page: 'intro', files: ['main.ts']}];
    change(dir, index);
    fs.writeFileSync(path.join(dir, 'examples.json'), JSON.stringify(index));
    return dir;
  }

  test('a valid index loads byte for byte, markers kept', () => {
    const [example] = loadExamples(sandboxWith(() => {})) as [ExampleData];
    expect(example.sources).toEqual([
      {title: 'sandbox/demo/main.ts', language: 'ts', source: '// highlight-next-line\nconsole.log(1);\n'},
    ]);
    expect(example.transcript).toBe('[stdout] 1\n');
  });

  const cases: [string, (dir: string, index: Record<string, unknown>[]) => void, RegExp][] = [
    ['an unknown key', (_, index) => (index[0]!.lang = 'ts'), /slug "demo".*unknown key "lang"/],
    ['a missing file', (_, index) => (index[0]!.files = ['main.ts', 'gone.ts']), /"demo".*sandbox\/demo\/gone\.ts does not exist/],
    ['a missing transcript', (dir) => fs.rmSync(path.join(dir, 'demo', 'transcript.txt')), /"demo".*transcript\.txt is missing.*npm run sandbox -- --check/],
    ['a duplicate slug', (_, index) => index.push({...index[0]}), /slug "demo" appears twice/],
    ['a path leaving the folder', (_, index) => (index[0]!.files = ['../x.ts']), /"demo".*plain relative path/],
  ];
  for (const [name, change, message] of cases) {
    test(`${name} fails with a message naming the slug`, () => {
      expect(() => loadExamples(sandboxWith(change))).toThrow(message);
    });
  }
});
