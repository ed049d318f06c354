/**
 * A program of the page seen from the page: the Worker that runs it (program-worker.ts), its
 * files, its output line by line, and the way to send it requests. It is what a `bun --hot`
 * process is to the check harness (sandbox/runner/check-runtime.ts's RunningProgram), and what
 * the "Run in the browser" panel shows.
 */
import {transform} from 'sucrase';
import type {Answer, RunningProgram, SendRequest} from '../../../sandbox/runner/check-runtime';
import {brotliDecompress} from './brotli';
import {PageConnections, type PageSocket} from './page-connections';
import type {CompiledFile, FromProgram, Stream, ToProgram} from './program-messages';

/** One line of the console panel: what a version printed, or where a version starts. */
export interface ConsoleLine {
  id: number;
  kind: Stream | 'version';
  version: number;
  text: string;
}

const MAX_LINES = 500;

/**
 * TypeScript to the CommonJS the Worker evaluates. Sucrase keeps line numbers, so a stack trace
 * names the reader's line.
 */
export function compile(path: string, source: string): CompiledFile {
  if (!/\.[cm]?[jt]sx?$/.test(path)) return {text: source};
  try {
    return {js: transform(source, {transforms: ['typescript', 'imports'], filePath: path}).code};
  } catch (error) {
    return {error: (error as Error).message};
  }
}

/** Runs one program in a Worker; `stop()` ends it with all its timers and servers. */
export class PageProgram implements RunningProgram {
  readonly stdout = {lines: [] as string[]};
  readonly stderr = {lines: [] as string[]};
  readonly exited: Promise<number>;
  readonly files: Record<string, string>;
  /** The console panel's lines, newest last, at most MAX_LINES. */
  log: ConsoleLine[] = [];
  version = 0;
  private readonly worker: Worker;
  private readonly connections = new PageConnections((message) => this.post(message));
  private readonly waiting = new Map<number, {resolve: (answer: Answer) => void; reject: (error: Error) => void}>();
  private readonly listeners = new Set<() => void>();
  private nextId = 1;
  private exit!: (code: number) => void;

  constructor({files, entry, env}: {files: Record<string, string>; entry: string; env: Record<string, string>}) {
    this.files = {...files};
    this.exited = new Promise((resolve) => (this.exit = resolve));
    this.worker = new Worker(new URL('./program-worker.ts', import.meta.url));
    this.worker.onmessage = (event: MessageEvent<FromProgram>) => this.receive(event.data);
    // The program's own errors are printed inside the Worker; one that reaches here is the Worker's script not loading.
    this.worker.onerror = (event) => {
      event.preventDefault();
      this.append('stderr', this.version, `The program could not start: its Worker did not load${event.message ? ` (${event.message})` : ''}. Check the connection, then press Restart.`);
    };
    const compiled = Object.fromEntries(Object.entries(files).map(([path, source]) => [path, compile(path, source)]));
    this.post({type: 'start', files: compiled, entry, env});
  }

  /** Calls `listener` after each new line or version; returns the function that stops it. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  write(path: string, content: string): void {
    this.files[path] = content;
    this.post({type: 'write', path, file: compile(path, content)});
  }

  remove(path: string): void {
    const folder = path.endsWith('/') ? path : `${path}/`;
    for (const file of Object.keys(this.files)) if (file === path || file.startsWith(folder)) delete this.files[file];
    this.post({type: 'remove', path});
  }

  /** Sends a request to a port of the program; the answer's body is decoded as a browser would. */
  send(url: string, {method, headers = {}, body, timeoutMs}: SendRequest): Promise<Answer> {
    const id = this.nextId++;
    return new Promise<Answer>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      const settle = {
        resolve: (answer: Answer) => (clearTimeout(timer), resolve(answer)),
        reject: (error: Error) => (clearTimeout(timer), reject(error)),
      };
      this.waiting.set(id, settle);
      this.post({type: 'request', id, url, method, headers: Object.entries(headers), body});
    });
  }

  /** Opens a WebSocket to a port of the program: an object that behaves as a browser's WebSocket. */
  socket(url: string): PageSocket {
    return this.connections.socket(url);
  }

  /** Sends a request whose answer is read as it comes (an event stream), as `fetch` would. */
  stream(url: string, init?: {headers?: Record<string, string>; signal?: AbortSignal}): Promise<Response> {
    return this.connections.stream(url, init);
  }

  async stop(): Promise<number> {
    this.worker.terminate();
    for (const {reject} of this.waiting.values()) reject(new Error('the program was stopped'));
    this.waiting.clear();
    this.listeners.clear();
    this.connections.endAll();
    this.exit(137);
    return 137;
  }

  private post(message: ToProgram): void {
    this.worker.postMessage(message);
  }

  private receive(message: FromProgram): void {
    if (this.connections.receive(message)) return;
    if (message.type === 'response') {
      const waiting = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if (!waiting) return;
      if ('error' in message) waiting.reject(new Error(message.error));
      else void decoded(message).then(waiting.resolve, waiting.reject);
      return;
    }
    if (message.type === 'line') {
      this[message.stream].lines.push(message.text);
      this.append(message.stream, message.version, message.text);
    } else {
      this.version = message.version;
      const text = message.version === 1 ? `$ ${message.reason}: version 1` : `reload: version ${message.version} (${message.reason})`;
      this.append('version', message.version, text);
    }
  }

  private append(kind: ConsoleLine['kind'], version: number, text: string): void {
    this.log = [...this.log.slice(-(MAX_LINES - 1)), {id: this.nextId++, kind, version, text}];
    for (const listener of this.listeners) listener();
  }
}

/** The answer with its body decoded: gzip by the browser's DecompressionStream, br by the WebAssembly decoder. */
async function decoded(message: Extract<FromProgram, {type: 'response'; status: number}>): Promise<Answer> {
  const headers = new Headers(message.headers);
  const raw = new Uint8Array(message.body);
  const encoding = headers.get('content-encoding');
  let body: Uint8Array = raw;
  if (encoding === 'gzip') body = new Uint8Array(await new Response(new Blob([raw]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());
  else if (encoding === 'br') body = await brotliDecompress(raw);
  else if (encoding) throw new Error(`the answer is ${encoding}-encoded, which this page cannot decode`);
  return {status: message.status, headers, raw, body};
}
