/**
 * The editor's TypeScript service gives, on the real declarations the site
 * ships, what tsc gives: no error in any example the page runs (they pass
 * `npm run typecheck`), the error tsc reports for a wrong argument, the type
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
beforeAll(() => {
  types = editorTypes(siteDir);
});

test('no example the page runs has an error, as under tsc', () => {
  const found: string[] = [];
  for (const example of Object.values(examples)) {
    const service = new ExampleTypes(types, example.files);
    for (const file of example.shown) for (const error of service.errors(file)) found.push(`${example.slug}/${file}: TS${error.code} ${error.message}`);
  }
  expect(Object.keys(examples).length).toBeGreaterThan(10);
  expect(found).toEqual([]);
}, 60_000);

test("a jopi-rewrite name shows its type on hover, a wrong argument is tsc's error, and the library's methods complete", () => {
  const source = examples.hello!.files['index.ts']!;
  const service = new ExampleTypes(types, {'index.ts': source});
  const hover = service.hover('index.ts', source.indexOf('JopiServer()') + 2)!;
  expect(hover.type).toBe('(alias) new JopiServer(options?: JopiServerOptions): JopiServer\nimport JopiServer');
  expect(source.slice(hover.from, hover.to)).toBe('JopiServer');

  const broken = source.replace('req.htmlResponse("<h1>Hello world!</h1>")', 'req.htmlResponse(42)');
  service.update('index.ts', broken);
  const [error, ...more] = service.errors('index.ts');
  expect(more).toEqual([]);
  expect(error).toMatchObject({code: 2345, message: "Argument of type 'number' is not assignable to parameter of type 'string'.", from: broken.indexOf('42'), to: broken.indexOf('42') + 2});

  const completions = service.completions('index.ts', broken.indexOf('htmlResponse')).map((entry) => entry.label);
  expect(completions).toContain('htmlResponse');
  expect(completions).toContain('jsonResponse');
});
