/**
 * "Replay the check": an example's own check.ts, run in the page against a PageProgram with the
 * same harness as under `bun --hot` (sandbox/runner), and its transcript compared with the
 * verified one, after the same normalisation.
 */
import {Check} from '../../../sandbox/runner/check-harness';
import {driveCheck} from '../../../sandbox/runner/check-drive';
import {describeFailure} from '../../../sandbox/runner/check-failure';
import {formatDiff} from '../../../sandbox/runner/diff';
import {PageRuntime} from '../../../sandbox/runner/page-runtime';
import type {InPageExample} from '../../plugins/in-page-examples';
import {compile, PageProgram} from './page-program';

export interface Replay {
  /** The transcript the page's run wrote, normalised as transcript.txt is. */
  transcript: string;
  /** What failed (step, check.ts line, diff, output tail), when a step failed. */
  failure?: string;
  /** The difference with the verified transcript, empty when they are the same. */
  diff: string;
  ms: number;
}

const TIMEOUT_MS = 60_000;
const WAIT_MS = 5_000;

/** The check's default export, from its TypeScript source, named as in the repository for stack traces. */
function loadCheck(checkFile: string, source: string): unknown {
  const compiled = compile(checkFile, source);
  if (!('js' in compiled)) throw new Error(`${checkFile} does not compile: ${'error' in compiled ? compiled.error : ''}`);
  const module = {exports: {} as {default?: unknown}};
  // The type-only import of the harness is gone once compiled: a check needs nothing at run time.
  const body = (0, eval)(`(function (exports, require, module) {${compiled.js}\n})\n//# sourceURL=${checkFile}`);
  body(module.exports, (name: string) => {
    throw new Error(`${checkFile} imports ${name} at run time; a check only imports the Check type.`);
  }, module);
  return module.exports.default;
}

/**
 * Runs the example's check in the page; `onProgram` sees each program it starts (to show it).
 *
 * @example const {diff} = await replayCheck(example); // "" when the page wrote the verified transcript
 */
export async function replayCheck(example: InPageExample, onProgram?: (program: PageProgram) => void): Promise<Replay> {
  const started = performance.now();
  const checkFile = `sandbox/${example.slug}/check.ts`;
  const runtime = new PageRuntime((request) => {
    const program = new PageProgram(request);
    onProgram?.(program);
    return program;
  });
  // A port the check's output cannot contain otherwise, as the runner's free ports.
  const port = 40_000 + Math.floor(Math.random() * 20_000);
  const h = new Check({files: {...example.files}, entry: example.entry, checkFile}, port, WAIT_MS, runtime);
  let error: unknown;
  try {
    error = await driveCheck(loadCheck(checkFile, example.check), h, TIMEOUT_MS, checkFile);
  } catch (caught) {
    error = caught;
    await h.stop();
  }
  const transcript = h.transcript.text();
  const failure = error === undefined ? undefined : `${describeFailure(error, h, checkFile)}\n${h.tail()}`;
  const diff = formatDiff(example.transcript.trimEnd(), transcript.trimEnd());
  return {transcript, failure, diff, ms: performance.now() - started};
}
