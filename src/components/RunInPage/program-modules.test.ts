import {describe, expect, test} from 'bun:test';
import {format, reloads, resolveImport, resolvePackage} from './program-modules';

describe("the page's program follows Bun's rules", () => {
  const files = new Set(['starter.ts', 'version1/index.ts', 'version1/home-page.ts', 'lib.js']);

  test('an import is found with or without its extension, or as a folder', () => {
    expect(resolveImport(files, 'starter.ts', './version1/')).toBe('version1/index.ts');
    expect(resolveImport(files, 'version1/index.ts', './home-page.ts')).toBe('version1/home-page.ts');
    expect(resolveImport(files, 'version1/index.ts', './home-page')).toBe('version1/home-page.ts');
    expect(resolveImport(files, 'version1/index.ts', '../lib')).toBe('lib.js');
    expect(() => resolveImport(files, 'starter.ts', './version2/')).toThrow('Cannot find module "./version2/" from "starter.ts"');
  });

  test("a package import is found in the example's own node_modules, by its package.json", () => {
    const program = new Map([
      ['index.ts', ''],
      ['lib/use.ts', ''],
      ['node_modules/greeting/package.json', JSON.stringify({name: 'greeting', exports: './index.ts'})],
      ['node_modules/greeting/index.ts', ''],
      ['node_modules/plain/main.js', ''],
      ['node_modules/plain/package.json', JSON.stringify({main: 'main.js'})],
      ['node_modules/bare/index.ts', ''],
    ]);
    const read = (path: string) => (path.endsWith('.json') ? program.get(path) : undefined);
    expect(resolvePackage(program, 'index.ts', 'greeting', read)).toBe('node_modules/greeting/index.ts');
    expect(resolvePackage(program, 'lib/use.ts', 'greeting', read)).toBe('node_modules/greeting/index.ts');
    expect(resolvePackage(program, 'index.ts', 'plain', read)).toBe('node_modules/plain/main.js');
    expect(resolvePackage(program, 'index.ts', 'bare', read)).toBe('node_modules/bare/index.ts');
    expect(() => resolvePackage(program, 'index.ts', 'lodash', read)).toThrow('Cannot find package "lodash" from "index.ts"');
  });

  test('only a file some version loaded reloads, never one in node_modules, never before the start', () => {
    const watched = new Set(['starter.ts', 'version1/index.ts', 'node_modules/greeting/index.ts']);
    expect(reloads('version1/index.ts', true, watched)).toBe(true);
    expect(reloads('version2/index.ts', true, watched)).toBe(false);
    expect(reloads('node_modules/greeting/index.ts', true, watched)).toBe(false);
    expect(reloads('starter.ts', false, watched)).toBe(false);
  });

  test('the console prints errors as Bun does, the other values as text', () => {
    expect(format([200, 'Hello Ada!'])).toBe('200 Hello Ada!');
    expect(format([{hits: 1}])).toBe('{"hits":1}');
    expect(format([new Error('the database is down')]).split('\n')[0]).toBe('error: the database is down');
    expect(format([new TypeError('bad arguments')]).split('\n')[0]).toBe('TypeError: bad arguments');
  });
});
