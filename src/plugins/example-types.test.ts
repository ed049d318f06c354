import {describe, expect, test} from 'bun:test';
import path from 'node:path';
import {exampleTypes} from './example-types';
import {startExampleTypes, withLinks} from './example-types-job';

const siteDir = path.resolve(import.meta.dir, '../..');

// Each typing builds a TypeScript program over bun-types and the library: seconds of CPU.
const TYPING_MS = 120_000;

describe('example types', () => {
  test('a type error and a name the compiler cannot resolve fail the typing, naming file, line and column', async () => {
    const source = [
      'import {JopiServer, WebSite} from "jopi-rewrite";',
      '',
      'const server = new JopiServer();',
      'server.addWebsite(new WebSite(3000));',
      'server.startServer();',
      'notDeclaredAnywhere();',
    ].join('\n');
    // Through the separate process, as the docs build runs it.
    const typing = startExampleTypes(siteDir, [{title: 'sandbox/broken-example/index.ts', source}]);
    const error = await typing.then(() => undefined, (reason: Error) => reason);
    expect(error?.message).toMatch(/sandbox\/broken-example\/index\.ts:4:31: TS2345 Argument of type 'number' is not assignable/);
    expect(error?.message).toMatch(/sandbox\/broken-example\/index\.ts:6:1: TS2304 Cannot find name 'notDeclaredAnywhere'/);
  }, TYPING_MS);

  test("a library name gets its type, linked to its API page; the example's own names get none", () => {
    const source = ['// A comment line first.', 'import {JopiServer} from "jopi-rewrite";', 'const server = new JopiServer();', 'server.startServer();'].join('\n');
    const hovers = exampleTypes(siteDir, [{title: 'sandbox/typed/index.ts', source}])['sandbox/typed/index.ts']!;
    const at = (line: number, character: number) => hovers.find((hover) => hover.line === line && hover.character === character);
    expect(at(1, 8)?.text).toBe('(alias) class JopiServer\nimport JopiServer');
    expect(at(3, 7)?.text).toBe('(method) JopiServer.startServer(): void');
    // `server` is the example's own variable: no tab stop for it.
    expect(hovers.some((hover) => hover.character === 6 || (hover.line === 3 && hover.character === 0))).toBe(false);

    const [linked] = withLinks([at(1, 8)!], new Map([['JopiServer', '/docs/api/jopi-rewrite/classes/JopiServer']]));
    expect(linked!.parts).toEqual([
      '(alias) class ',
      {name: 'JopiServer', to: '/docs/api/jopi-rewrite/classes/JopiServer'},
      '\nimport ',
      {name: 'JopiServer', to: '/docs/api/jopi-rewrite/classes/JopiServer'},
    ]);
  }, TYPING_MS);
});
