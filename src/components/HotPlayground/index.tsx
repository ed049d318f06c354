/**
 * The hot-reload playground: a ```tsx live hotReload block whose code runs as
 * a file under `bun --hot` would, with the real jopi-node-space. Every pause in
 * the reader's typing is a save: the new text runs as the next version (see
 * runtime.ts). Under the editor, Result says which version runs (or shows the
 * compile error of the text being typed), and Output what each version printed,
 * the reloads between them, and the values kept with keepOnHotReload.
 *
 * How it plugs into theme-live-codeblock: src/theme/Playground loads this
 * module (its own chunk, with react-live, Sucrase and jopi-node-space) when
 * the reader reaches or opens a block whose meta has `hotReload`. This
 * component uses the theme's own editor and preview, with a transformCode that
 * wraps the reader's code in a function (a "version") handed to <HotRun>. react-live evaluates the block on every
 * edit and may render it many times; HotRun only proposes the version's text,
 * and the runtime runs each distinct text once.
 */
import {createContext, useContext, useEffect, useReducer, useRef, useState, useSyncExternalStore, type ReactNode} from 'react';
import type {Props as PlaygroundProps} from '@theme/Playground';
import PlaygroundContainer from '@theme/Playground/Container';
import PlaygroundProvider from '@theme/Playground/Provider';
import PlaygroundEditor from '@theme/Playground/Editor';
import PlaygroundPreview from '@theme/Playground/Preview';
import PlaygroundHeader from '@theme/Playground/Header';
import ReactLiveScope from '@theme/ReactLiveScope';
import {HotRuntime, type LogLine, type Program} from './runtime';
import {wrapProgram} from './wrap-program';
import styles from './styles.module.css';

const RuntimeContext = createContext<HotRuntime | null>(null);

/**
 * Rendered by the live preview for each evaluation of the block: proposes its version, and shows
 * which version runs. When the code does not compile, the preview shows the error instead.
 */
function HotRun({source, program}: {source: string; program: Program}): ReactNode {
  const runtime = useContext(RuntimeContext);
  useEffect(() => {
    runtime?.propose(source, program);
    // Another evaluation replaces this one (a new edit), or the code stopped compiling.
    return () => runtime?.withdraw();
  }, [runtime, source, program]);
  return runtime ? <HotStatus runtime={runtime} /> : null;
}

function HotStatus({runtime}: {runtime: HotRuntime}): ReactNode {
  useSyncExternalStore(runtime.subscribe, runtime.getRevision, runtime.getRevision);
  let status = 'Starting…';
  if (runtime.saving && runtime.version > 0) status = `Version ${runtime.version} is running; your edit runs as the next version when you stop typing…`;
  else if (runtime.version > 0) status = `Version ${runtime.version} is running.`;
  return (
    <p className={styles.status} data-hot-status>
      {status}
    </p>
  );
}

const scope = {...ReactLiveScope, HotRun};

const lineClass: Partial<Record<LogLine['kind'], string>> = {warn: styles.warnLine, error: styles.errorLine};

function LogEntry({line}: {line: LogLine}): ReactNode {
  if (line.kind === 'start' || line.kind === 'reload') {
    return (
      <li className={styles.separator} data-kind={line.kind} data-version={line.version}>
        — {line.text} —
      </li>
    );
  }
  return (
    <li className={lineClass[line.kind]} data-kind={line.kind} data-version={line.version}>
      <span className={styles.tag} title={`printed by version ${line.version}`}>
        v{line.version}
      </span>{' '}
      <span>{line.text}</span>
    </li>
  );
}

/**
 * What every version printed, and the kept values (code changes them silently: checked a few
 * times a second). Outside the live preview, so that it stays in view while the code is broken.
 */
function HotPanel({runtime}: {runtime: HotRuntime}): ReactNode {
  useSyncExternalStore(runtime.subscribe, runtime.getRevision, runtime.getRevision);
  const kept = runtime.keptValues();
  const keptText = JSON.stringify(kept);
  const shownKept = useRef(keptText);
  useEffect(() => {
    shownKept.current = keptText;
  });
  const [, refresh] = useReducer((n: number) => n + 1, 0);
  const logRef = useRef<HTMLOListElement>(null);
  const stickToBottom = useRef(true);

  useEffect(() => {
    const timer = setInterval(() => {
      if (JSON.stringify(runtime.keptValues()) !== shownKept.current) refresh();
    }, 250);
    return () => clearInterval(timer);
  }, [runtime]);

  const lines = runtime.log;
  useEffect(() => {
    const log = logRef.current;
    if (log && stickToBottom.current) log.scrollTop = log.scrollHeight;
  }, [lines]);

  return (
    <div className={styles.panel}>
      <ol
        ref={logRef}
        className={styles.log}
        data-hot-log
        aria-label="Output of the code, version by version"
        onScroll={(event) => {
          const log = event.currentTarget;
          stickToBottom.current = log.scrollTop + log.clientHeight >= log.scrollHeight - 8;
        }}>
        {lines.map((line) => (
          <LogEntry key={line.id} line={line} />
        ))}
      </ol>
      <div className={styles.kept}>
        <strong>Kept across reloads</strong>
        {kept.length === 0 ? (
          <span className={styles.none}> nothing yet (NodeSpace.app.keepOnHotReload)</span>
        ) : (
          <dl data-hot-kept>
            {kept.map(([key, value]) => (
              <div key={key} className={styles.keptEntry}>
                <dt>{JSON.stringify(key)}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        )}
      </div>
    </div>
  );
}

/** The playground itself; src/theme/Playground renders it for ```tsx live hotReload blocks. */
export default function HotPlayground({children, ...props}: PlaygroundProps): ReactNode {
  const [runtime, setRuntime] = useState(() => new HotRuntime());
  useEffect(() => {
    // A component mounted again after its cleanup (React's strict mode does that) needs a live runtime.
    if (runtime.isEnded) {
      setRuntime(new HotRuntime());
      return undefined;
    }
    return () => runtime.end();
  }, [runtime]);

  return (
    <RuntimeContext.Provider value={runtime}>
      <PlaygroundContainer>
        <div data-hot-playground>
          <PlaygroundProvider code={children} {...props} scope={scope} transformCode={wrapProgram}>
            <PlaygroundEditor />
            <PlaygroundPreview />
          </PlaygroundProvider>
          <PlaygroundHeader>Output</PlaygroundHeader>
          <HotPanel runtime={runtime} />
        </div>
      </PlaygroundContainer>
    </RuntimeContext.Provider>
  );
}
