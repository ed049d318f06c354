/**
 * The engine of the hot-reload playground, without React: it runs each new
 * version of the reader's code the way `bun --hot` runs each new version of a
 * file, with the real jopi-node-space.
 *
 * The browser tab plays the part of the process. jopi-node-space keeps its
 * state on globalThis, as it does under Bun, so what one version keeps with
 * keepOnHotReload is there for the next one. Under Bun a reload is noticed when
 * the package is evaluated again; here no module is evaluated again, so the
 * playground calls startNextGeneration() itself, once per new version, before
 * running it: the previous version's onHotReload listeners run once, and its
 * newInterval and newTimeout timers stop.
 *
 * A version is identified by its source text, never by how often the page
 * renders or evaluates it. A new text becomes a version once the reader has
 * stopped typing for SAVE_DELAY_MS (an editor's save); the text a playground
 * first shows runs at once.
 */
import {getGeneration, nodeSpace, startNextGeneration, type NodeSpaceApi} from 'jopi-node-space';

/** How long the code must stay unchanged before it runs as a new version. */
export const SAVE_DELAY_MS = 600;
/** The log keeps this many lines, dropping the oldest. */
export const MAX_LINES = 300;

export type LineKind = 'log' | 'warn' | 'error' | 'start' | 'reload';

export interface LogLine {
  /** Numbers lines in order; React's key. */
  id: number;
  kind: LineKind;
  /** The version whose code printed the line (for a separator, the version it starts). */
  version: number;
  text: string;
}

type Timer = ReturnType<typeof setTimeout>;

/** What the reader's code sees besides the browser's globals: the names a file under Bun would use. */
export interface ProgramScope {
  console: Pick<Console, 'log' | 'info' | 'debug' | 'warn' | 'error'>;
  NodeSpace: NodeSpaceApi;
  setInterval: (fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => Timer;
  setTimeout: (fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => Timer;
  clearInterval: (id: Timer | undefined) => void;
  clearTimeout: (id: Timer | undefined) => void;
}

/** One version of the reader's code, as the live code block compiled it. */
export type Program = (scope: ProgramScope) => unknown;

/**
 * Whether code already ran in the current generation of this tab. Module-level, like the
 * generation itself: a playground that starts after another one ended must not count a reload.
 */
let generationUsed = false;

/** Text of one console argument, as a terminal would show it. */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (typeof value === 'function') return `[Function ${value.name || 'anonymous'}]`;
  if (typeof value === 'object' && value !== null) {
    try {
      return JSON.stringify(value);
    } catch {
      return String(value);
    }
  }
  return String(value);
}

/** The state of one playground: the version running, the log, the values it keeps. */
export class HotRuntime {
  private lines: LogLine[] = [];
  private nextId = 1;
  private listeners = new Set<() => void>();
  private pending: {source: string; timer: Timer} | undefined;
  /** Plain setInterval/setTimeout timers of the reader's code: a reload leaves them running, end() stops them. */
  private plainTimers = new Set<Timer>();
  private readonly kept = new Map<string, unknown>();
  private ended = false;
  /** The source of the version running now, undefined before the first one. */
  runningSource: string | undefined;
  /** The generation number of the version running now, 0 before the first one. */
  version = 0;
  /** Bumped at every change, for React's useSyncExternalStore. */
  revision = 0;

  /** Calls `listener` after each change; returns the function that stops it. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  getRevision = (): number => this.revision;

  get log(): readonly LogLine[] {
    return this.lines;
  }

  /** True once end() was called: nothing runs any more. */
  get isEnded(): boolean {
    return this.ended;
  }

  /** True while an edited text waits for the reader to stop typing. */
  get saving(): boolean {
    return this.pending !== undefined;
  }

  /** The values kept with keepOnHotReload by the code of this playground, as text. */
  keptValues(): [string, string][] {
    return [...this.kept].map(([key, value]) => [key, formatValue(value)]);
  }

  /**
   * The live code block compiled `source`: run it as the next version, at once if nothing runs
   * yet, else once the reader has stopped typing. The same text as the running one is no change.
   */
  propose(source: string, program: Program): void {
    if (this.ended) return;
    this.withdraw();
    if (source === this.runningSource) return;
    const delay = this.runningSource === undefined ? 0 : SAVE_DELAY_MS;
    const timer = setTimeout(() => {
      this.pending = undefined;
      void this.run(source, program);
    }, delay);
    this.pending = {source, timer};
    this.changed();
  }

  /** The proposed text is no longer the editor's (another edit, or it stopped compiling). */
  withdraw(): void {
    if (!this.pending) return;
    clearTimeout(this.pending.timer);
    this.pending = undefined;
    this.changed();
  }

  /** Runs `program` as the next version; what a save under `bun --hot` does. */
  async run(source: string, program: Program): Promise<void> {
    if (this.ended) return;
    let version: number;
    if (generationUsed) {
      version = getGeneration() + 1;
      this.push('reload', version, `reload: version ${version}`);
      // The previous version's onHotReload listeners run now, and its reload-safe timers stop.
      startNextGeneration();
    } else {
      version = getGeneration();
      this.push('start', version, `loaded: version ${version}`);
    }
    generationUsed = true;
    this.runningSource = source;
    this.version = version;
    this.changed();
    try {
      await program(this.scopeOf(version));
    } catch (error) {
      this.push('error', version, `Uncaught ${formatValue(error)}`);
    }
  }

  /**
   * The playground leaves the page: its version ends as at a reload (its listeners run, its
   * reload-safe timers stop), and its plain timers are cleared, which no reload would do.
   */
  end(): void {
    if (this.ended) return;
    this.withdraw();
    this.ended = true;
    for (const timer of this.plainTimers) clearTimeout(timer);
    this.plainTimers.clear();
    if (this.runningSource !== undefined && generationUsed) {
      startNextGeneration();
      generationUsed = false;
    }
    this.listeners.clear();
  }

  private changed(): void {
    this.revision++;
    for (const listener of this.listeners) listener();
  }

  private push(kind: LineKind, version: number, text: string): void {
    if (this.ended) return;
    this.lines.push({id: this.nextId++, kind, version, text});
    if (this.lines.length > MAX_LINES) this.lines.splice(0, this.lines.length - MAX_LINES);
    this.lines = [...this.lines];
    this.changed();
  }

  /** The names one version of the code runs with: its console writes lines tagged with its number. */
  private scopeOf(version: number): ProgramScope {
    const print = (kind: LineKind) => (...args: unknown[]) => this.push(kind, version, args.map(formatValue).join(' '));
    const keep = <T>(key: string, build: () => T): T => {
      const value = nodeSpace.app.keepOnHotReload(key, build);
      this.kept.set(key, value);
      this.changed();
      return value;
    };
    const app: NodeSpaceApi['app'] = {
      ...nodeSpace.app,
      keepOnHotReload: keep,
      keepIfHotReload: keep,
      clearHotReloadKey: (key) => {
        this.kept.delete(key);
        this.changed();
        return nodeSpace.app.clearHotReloadKey(key);
      },
    };
    const track = (timer: Timer) => {
      this.plainTimers.add(timer);
      return timer;
    };
    const untrack = (timer: Timer | undefined) => {
      if (timer === undefined) return;
      this.plainTimers.delete(timer);
      clearTimeout(timer);
    };
    return {
      console: {log: print('log'), info: print('log'), debug: print('log'), warn: print('warn'), error: print('error')},
      NodeSpace: {app, timer: nodeSpace.timer},
      setInterval: (fn, ms, ...args) => track(setInterval(fn, ms, ...args)),
      setTimeout: (fn, ms, ...args) => {
        const timer = setTimeout((...a: unknown[]) => {
          this.plainTimers.delete(timer);
          fn(...a);
        }, ms, ...args);
        return track(timer);
      },
      clearInterval: untrack,
      clearTimeout: untrack,
    };
  }
}
