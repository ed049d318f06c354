/**
 * What the page and a program's Worker say to each other (program-worker.ts, page-program.ts).
 * Files travel compiled: the page transpiles TypeScript once, the Worker only evaluates.
 */

/** One file of the program: compiled JavaScript, plain text (package.json...), or why it does not compile. */
export type CompiledFile = {js: string} | {text: string} | {error: string};

export type ToProgram =
  | {type: 'start'; files: Record<string, CompiledFile>; entry: string; env: Record<string, string>}
  | {type: 'write'; path: string; file: CompiledFile}
  | {type: 'remove'; path: string}
  | {type: 'request'; id: number; url: string; method: string; headers: [string, string][]; body?: string};

export type Stream = 'stdout' | 'stderr';

export type FromProgram =
  | {type: 'line'; stream: Stream; text: string; version: number}
  /** A version starts: the first (`reason` is how it started) or a reload (`reason` names the file). */
  | {type: 'version'; version: number; reason: string}
  | {type: 'response'; id: number; status: number; statusText: string; headers: [string, string][]; body: ArrayBuffer}
  | {type: 'response'; id: number; error: string};
