/**
 * The editor's TypeScript service gives, on the real declarations the site
 * ships, what tsc gives: no error in any example the page runs (they pass
 * `npm run typecheck`), the error tsc reports for a misspelt method, the type
 * of a jopi-rewrite name on hover, and the library's methods as completions.
 */
import {beforeAll, expect, test} from 'bun:test';
import path from 'node:path';
import {editorTypes, type EditorTypes} from '../../../plugins/editor-types';
import {loadInPageExamples} from '../../../plugins/in-page-examples';
import {ExampleTypes} from './example-types';

const siteDir = path.resolve(import.meta.dir, '../../../..');
const examples = loadInPageExamples(path.join(siteDir, 'sandbox'));
let types: EditorTypes;
// Compiling the libraries' declarations reads all of Bun's types: seconds.
beforeAll(() => {
  types = editorTypes(siteDir);
}, 60_000);

test('no example the page runs has an error, as under tsc', () => {
  // One service for all, each example in a folder of its own: the declarations are read once.
  const all = Object.fromEntries(Object.values(examples).flatMap((example) => Object.entries(example.files).map(([file, text]) => [`${example.slug}/${file}`, text])));
  const service = new ExampleTypes(types, all);
  const found: string[] = [];
  for (const example of Object.values(examples)) {
    for (const file of example.shown) for (const error of service.errors(`${example.slug}/${file}`)) found.push(`${example.slug}/${file}: TS${error.code} ${error.message}`);
  }
  expect(Object.keys(examples).length).toBeGreaterThan(10);
  expect(found).toEqual([]);
}, 60_000);

test("a jopi-rewrite name shows its type on hover, a misspelt method is tsc's error, and the library's methods complete", () => {
  const source = examples.hello!.files['index.ts']!;
  const service = new ExampleTypes(types, {'index.ts': source});
  const hover = service.hover('index.ts', source.indexOf('JopiServer') + 2)!;
  expect(hover.type).toBe('(alias) class JopiServer\nimport JopiServer');
  expect(hover.documentation).toStartWith('A server for one or more websites.');
  expect(source.slice(hover.from, hover.to)).toBe('JopiServer');

  expect(service.errors('index.ts')).toEqual([]);
  const broken = source.replace('req.htmlResponse(', 'req.htmlRespons(');
  service.update('index.ts', broken);
  const [error, ...more] = service.errors('index.ts');
  expect(more).toEqual([]);
  expect(error).toMatchObject({code: 2551, from: broken.indexOf('htmlRespons('), to: broken.indexOf('htmlRespons(') + 'htmlRespons'.length});
  expect(error!.message).toStartWith("Property 'htmlRespons' does not exist on type");
  expect(error!.message).toEndWith("Did you mean 'htmlResponse'?");

  const completions = service.completions('index.ts', broken.indexOf('req.htmlRespons') + 'req.'.length).map((entry) => entry.label);
  expect(completions).toContain('htmlResponse');
  expect(completions).toContain('jsonResponse');
}, 30_000);
