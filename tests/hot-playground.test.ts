/**
 * The hot-reload playground's engine (src/components/HotPlayground/runtime.ts)
 * with the real jopi-node-space: each distinct text runs once, as the next
 * generation, however often it is proposed; what the docs page promises a
 * reader (a kept counter goes on, the old listeners run once, the old
 * newInterval stops, a plain setInterval does not) holds. The browser test
 * checks the same on the built page.
 */
import {afterEach, describe, expect, test} from 'bun:test';
import fs from 'node:fs';
import path from 'node:path';
import {getGeneration} from 'jopi-node-space';
import {HotRuntime, SAVE_DELAY_MS, type Program} from '../src/components/HotPlayground/runtime';
import {wrapProgram} from '../src/components/HotPlayground/wrap-program';

const runtimes: HotRuntime[] = [];
afterEach(() => {
  for (const runtime of runtimes.splice(0)) runtime.end();
});

function newRuntime(): HotRuntime {
  const runtime = new HotRuntime();
  runtimes.push(runtime);
  return runtime;
}

/** Lines as `v<version> <text>`, separators as `-- <text>`. */
function lines(runtime: HotRuntime): string[] {
  return runtime.log.map((line) => (line.kind === 'start' || line.kind === 'reload' ? `-- ${line.text}` : `v${line.version} ${line.text}`));
}

/** What the page's first playground does: a kept counter, a newInterval, an onHotReload listener. */
const counterProgram = (word: string): Program => ({console, NodeSpace}) => {
  const counter = NodeSpace.app.keepOnHotReload('playground-test-counter', () => ({value: 0}));
  NodeSpace.timer.newInterval(30, () => {
    counter.value++;
    console.log(`${word} ${counter.value}`);
  });
  NodeSpace.app.onHotReload(() => console.log('onHotReload'));
};

describe('HotRuntime', () => {
  test('the first text runs at once; the same text proposed again does not run again', async () => {
    const runtime = newRuntime();
    const generation = getGeneration();
    let runs = 0;
    const program: Program = ({console}) => {
      runs++;
      console.log('hello');
    };
    runtime.propose('A', program);
    await Bun.sleep(10);
    for (let i = 0; i < 3; i++) runtime.propose('A', program); // renders and re-evaluations
    await Bun.sleep(SAVE_DELAY_MS + 100);
    expect(runs).toBe(1);
    expect(getGeneration()).toBe(generation);
    expect(lines(runtime)).toEqual([`-- loaded: version ${generation}`, `v${generation} hello`]);
  });

  test('an edit runs once the typing stops, as one new generation', async () => {
    const runtime = newRuntime();
    const ran: string[] = [];
    const program = (name: string): Program => () => void ran.push(name);
    runtime.propose('A', program('A'));
    await Bun.sleep(10);
    const generation = getGeneration();
    // Three keystrokes, each evaluated: only the last text becomes a version.
    for (const text of ['AB', 'ABC', 'ABCD']) {
      runtime.propose(text, program(text));
      await Bun.sleep(SAVE_DELAY_MS / 4);
      expect(runtime.saving).toBe(true);
    }
    await Bun.sleep(SAVE_DELAY_MS + 100);
    expect(ran).toEqual(['A', 'ABCD']);
    expect(getGeneration()).toBe(generation + 1);
    expect(runtime.version).toBe(generation + 1);
    expect(runtime.saving).toBe(false);
  });

  test('a text withdrawn before the pause (it stopped compiling) never runs', async () => {
    const runtime = newRuntime();
    const ran: string[] = [];
    runtime.propose('A', () => void ran.push('A'));
    await Bun.sleep(10);
    runtime.propose('A(', () => void ran.push('A('));
    runtime.withdraw();
    await Bun.sleep(SAVE_DELAY_MS + 100);
    expect(ran).toEqual(['A']);
  });

  test('a kept counter goes on, the old listener runs once, the old newInterval stops', async () => {
    const runtime = newRuntime();
    runtime.propose('tick', counterProgram('tick'));
    await Bun.sleep(150);
    runtime.propose('tock', counterProgram('tock'));
    await Bun.sleep(SAVE_DELAY_MS + 150);
    const log = lines(runtime);
    const reload = log.findIndex((line) => line.includes('-- reload: version'));
    expect(reload).toBeGreaterThan(0);
    const before = log.slice(0, reload);
    const after = log.slice(reload + 1);
    const v1 = runtime.log[0]!.version;
    const v2 = v1 + 1;
    // The listener of version 1 ran once, at the reload, and nothing else of version 1 after it.
    expect(after.filter((line) => line.startsWith(`v${v1} `))).toEqual([`v${v1} onHotReload`]);
    expect(after[0]).toBe(`v${v1} onHotReload`);
    // The count goes on where version 1 left it.
    const lastTick = Number(before.at(-1)!.split(' ').at(-1));
    expect(after[1]).toBe(`v${v2} tock ${lastTick + 1}`);
    expect(runtime.keptValues()).toEqual([['playground-test-counter', expect.stringMatching(/^\{"value":\d+\}$/)]]);
  });

  test('a plain setInterval goes on after a reload; the end of the playground stops it', async () => {
    const runtime = newRuntime();
    const plain: Program = ({console, setInterval}) => {
      setInterval(() => console.log('plain'), 20);
    };
    runtime.propose('plain', plain);
    await Bun.sleep(60);
    runtime.propose('other', () => {});
    await Bun.sleep(SAVE_DELAY_MS + 100);
    const log = lines(runtime);
    const reload = log.findIndex((line) => line.startsWith('-- reload'));
    expect(log.slice(reload + 1).filter((line) => line.endsWith(' plain')).length).toBeGreaterThan(2);
    runtime.end();
    const count = runtime.log.length;
    await Bun.sleep(100);
    expect(runtime.log.length).toBe(count);
  });

  test('after a playground ends, the next one starts with a load, not a reload', async () => {
    const first = newRuntime();
    first.propose('A', () => {});
    await Bun.sleep(10);
    first.end();
    const second = newRuntime();
    second.propose('B', () => {});
    await Bun.sleep(10);
    expect(lines(second)).toEqual([`-- loaded: version ${getGeneration()}`]);
  });

  test('an error thrown by the code is printed, tagged with its version', async () => {
    const runtime = newRuntime();
    runtime.propose('boom', () => {
      throw new TypeError('boom');
    });
    await Bun.sleep(10);
    expect(lines(runtime).at(-1)).toBe(`v${runtime.version} Uncaught TypeError: boom`);
  });
});

describe('wrapProgram', () => {
  test("makes the reader's code the body of an async function given the playground's names", () => {
    const code = 'console.log(`a "quoted" ${1}`);\n// last line';
    const wrapped = wrapProgram(code);
    // The code starts on the first line, so that compile errors give the reader's line numbers;
    // a comment on its last line must not swallow the closing brace.
    expect(wrapped).toStartWith('React.createElement(HotRun, {program: async function ({console, NodeSpace,');
    expect(wrapped).toContain(`}) {${code}\n}, source: ${JSON.stringify(code)}})`);
  });

  test('the wrapped code is an expression that builds the element with the program and its text', async () => {
    const code = 'const kept = NodeSpace.app.keepOnHotReload("wrap-test", () => ({n: 0}));\nkept.n++;\nconsole.log(`n=${kept.n}`);';
    const React = {createElement: (type: unknown, props: {program: Program; source: string}) => ({type, props})};
    const HotRun = Symbol('HotRun');
    const element = new Function('React', 'HotRun', `return (${wrapProgram(code)})`)(React, HotRun);
    expect(element.type).toBe(HotRun);
    expect(element.props.source).toBe(code);
    const printed: string[] = [];
    const scope = {console: {log: (text: string) => printed.push(text)}, NodeSpace: (await import('jopi-node-space')).nodeSpace};
    await element.props.program(scope as never);
    expect(printed).toEqual(['n=1']);
  });

  test("a sandbox example's own file runs: its import of jopi-node-space is emptied, its lines stay where they were", async () => {
    const code = fs.readFileSync(path.join(import.meta.dir, '../sandbox/playground-versions/index.ts'), 'utf8');
    expect(code).toStartWith('import "jopi-node-space";');
    const wrapped = wrapProgram(code);
    expect(wrapped).not.toContain('import "jopi-node-space"');
    expect(wrapped.split('\n').length).toBe(code.split('\n').length + 1);
    const React = {createElement: (type: unknown, props: {program: Program; source: string}) => ({type, props})};
    const element = new Function('React', 'HotRun', `return (${wrapped})`)(React, Symbol('HotRun'));
    expect(element.props.source).toBe(code);
    const printed: string[] = [];
    const scope = {console: {log: (text: string) => printed.push(text)}, NodeSpace: (await import('jopi-node-space')).nodeSpace};
    await element.props.program(scope as never);
    expect(printed[1]).toBe('this code was loaded 1 time(s)');
  });
});
