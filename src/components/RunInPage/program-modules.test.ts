import {describe, expect, test} from 'bun:test';
import {format, reloads, resolveImport} from './program-modules';

describe("the page's program follows Bun's rules", () => {
  const files = new Set(['starter.ts', 'version1/index.ts', 'version1/home-page.ts', 'lib.js']);

  test('an import is found with or without its extension, or as a folder', () => {
    expect(resolveImport(files, 'starter.ts', './version1/')).toBe('version1/index.ts');
    expect(resolveImport(files, 'version1/index.ts', './home-page.ts')).toBe('version1/home-page.ts');
    expect(resolveImport(files, 'version1/index.ts', './home-page')).toBe('version1/home-page.ts');
    expect(resolveImport(files, 'version1/index.ts', '../lib')).toBe('lib.js');
    expect(() => resolveImport(files, 'starter.ts', './version2/')).toThrow('Cannot find module "./version2/" from "starter.ts"');
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
