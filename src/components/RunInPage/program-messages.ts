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
  | {type: 'request'; id: number; url: string; method: string; headers: [string, string][]; body?: string}
  /** A response read as it comes (an event stream): its head, then its chunks, until the end or `stream-cancel`. */
  | {type: 'stream-open'; id: number; url: string; headers: [string, string][]}
  | {type: 'stream-cancel'; id: number}
  /** A WebSocket from the page to a port of the program, then what the page's side sends and its close. */
  | {type: 'socket-open'; id: number; url: string}
  | {type: 'socket-send'; id: number; data: string}
  | {type: 'socket-close'; id: number; code: number; reason: string};

export type Stream = 'stdout' | 'stderr';

export type FromProgram =
  | {type: 'line'; stream: Stream; text: string; version: number}
  /** A version starts: the first (`reason` is how it started) or a reload (`reason` names the file). */
  | {type: 'version'; version: number; reason: string}
  | {type: 'response'; id: number; status: number; statusText: string; headers: [string, string][]; body: ArrayBuffer}
  | {type: 'response'; id: number; error: string}
  | {type: 'stream-head'; id: number; status: number; statusText: string; headers: [string, string][]}
  | {type: 'stream-chunk'; id: number; chunk: Uint8Array}
  | {type: 'stream-end'; id: number; error?: string}
  /** The server accepted the socket, or refused it (`status`), or nothing listens (`error`). */
  | {type: 'socket-opened'; id: number}
  | {type: 'socket-refused'; id: number; status?: number; error?: string}
  | {type: 'socket-message'; id: number; data: string}
  | {type: 'socket-closed'; id: number; code: number; reason: string};

/** What the Worker says about a WebSocket or an event stream (page-connections.ts reads it). */
export type ConnectionReply = Extract<FromProgram, {type: `socket-${string}` | `stream-${string}`}>;
