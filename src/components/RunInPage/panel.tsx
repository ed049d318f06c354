/**
 * The "Run in the browser" panel: the example's files in an editor (one tab per
 * file), the program running in a Worker as under `bun --hot` (page-program.ts),
 * a request panel, the console with a line where each version starts, and
 * "Replay the check", which runs the example's check.ts in the page and shows its
 * transcript beside the verified one.
 *
 * A pause in typing is a save, as in the hot-reload playground: the file is
 * written to the program after SAVE_DELAY_MS without a keystroke. The editor is
 * CodeMirror (editor/code-editor.tsx), in this chunk, loaded on the click; the
 * library's types come on its first focus, from a Worker of their own.
 */
import {useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore, type FormEvent, type ReactNode} from 'react';
import type {InPageExample, InPageExamples} from '../../plugins/in-page-examples';
import {PageProgram, type ConsoleLine} from './page-program';
import {replayCheck, type Replay} from './replay';
import CodeEditor from './editor/code-editor';
import styles from './panel.module.css';

/** How long the text must stay unchanged before it is saved, as in the hot-reload playground. */
export const SAVE_DELAY_MS = 600;
/** The port the panel's program listens on, as in the docs' code. */
const PORT = 3000;

let examples: Promise<InPageExamples> | undefined;
function loadExamples(): Promise<InPageExamples> {
  examples ??= import('@generated/in-page-examples/default/in-page-examples.json').then((module) => (module.default ?? module) as InPageExamples);
  // A failed fetch (the network, a deploy that replaced the chunks) is tried again on the next press.
  examples.catch(() => (examples = undefined));
  return examples;
}

const NO_LINES: readonly ConsoleLine[] = [];

function useProgramLog(program: PageProgram | undefined): readonly ConsoleLine[] {
  return useSyncExternalStore(
    (listener) => program?.subscribe(listener) ?? (() => {}),
    () => program?.log ?? NO_LINES,
    () => NO_LINES,
  );
}

/** The files as the page's code blocks show them: without the highlight marker lines. */
function withoutMarkers(files: Record<string, string>): Record<string, string> {
  const marker = /^[ \t]*\/\/[ \t]*highlight-(?:next-line|start|end)[ \t]*\n/gm;
  return Object.fromEntries(Object.entries(files).map(([path, text]) => [path, text.replace(marker, '')]));
}

function startProgram(example: InPageExample): PageProgram {
  return new PageProgram({files: example.files, entry: example.entry, env: {PORT: String(PORT)}});
}

function Console({program}: {program: PageProgram | undefined}): ReactNode {
  const log = useProgramLog(program);
  const end = useRef<HTMLOListElement>(null);
  useEffect(() => {
    end.current?.lastElementChild?.scrollIntoView({block: 'nearest'});
  }, [log]);
  return (
    <ol className={styles.console} data-in-page-console aria-label="Console output" aria-live="polite" ref={end}>
      {log.map((line) =>
        line.kind === 'version' ? (
          <li key={line.id} className={styles.versionLine} data-version-line={line.version}>
            {line.text}
          </li>
        ) : (
          <li key={line.id} className={line.kind === 'stderr' ? styles.errorLine : undefined} data-stream={line.kind}>
            <span className={styles.versionTag}>v{line.version}</span> {line.text}
          </li>
        ),
      )}
    </ol>
  );
}

type Answered = {status: number; headers: [string, string][]; body: string; encoding: string | null} | {error: string};

function RequestPanel({program}: {program: PageProgram | undefined}): ReactNode {
  const [method, setMethod] = useState('GET');
  const [path, setPath] = useState('/');
  const [headers, setHeaders] = useState('accept-encoding: gzip\nhost: 127.0.0.1:3000');
  const [body, setBody] = useState('');
  const [answer, setAnswer] = useState<Answered>();
  const send = async (event: FormEvent) => {
    event.preventDefault();
    if (!program) return;
    const sent = Object.fromEntries(headers.split('\n').map((line) => line.split(/:(.*)/s).map((part) => part.trim())).filter(([name]) => name));
    try {
      const res = await program.send(`http://127.0.0.1:${PORT}${path.startsWith('/') ? path : `/${path}`}`, {method, headers: sent, body: method === 'GET' || method === 'HEAD' ? undefined : body, timeoutMs: 10_000});
      const shown: [string, string][] = [];
      res.headers.forEach((value, name) => shown.push([name, value]));
      setAnswer({status: res.status, headers: shown, body: new TextDecoder().decode(res.body), encoding: res.headers.get('content-encoding')});
    } catch (error) {
      setAnswer({error: (error as Error).message});
    }
  };
  return (
    <form className={styles.request} onSubmit={send} data-in-page-request>
      <div className={styles.requestLine}>
        <label>
          Method{' '}
          <select value={method} onChange={(event) => setMethod(event.target.value)}>
            {['GET', 'POST', 'PUT', 'DELETE', 'HEAD'].map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </label>
        <label>
          Path <input value={path} onChange={(event) => setPath(event.target.value)} data-request-path size={24} />
        </label>
        <button type="submit" className="button button--secondary button--sm" data-request-send>
          Send
        </button>
      </div>
      <label className={styles.block}>
        Headers, one per line
        <textarea rows={2} value={headers} onChange={(event) => setHeaders(event.target.value)} spellCheck={false} />
      </label>
      {method !== 'GET' && method !== 'HEAD' && (
        <label className={styles.block}>
          Body <textarea rows={2} value={body} onChange={(event) => setBody(event.target.value)} spellCheck={false} />
        </label>
      )}
      {answer && (
        <pre className={styles.answer} data-in-page-answer>
          {'error' in answer
            ? `No answer: ${answer.error}`
            : [
                `${answer.status}`,
                ...answer.headers.map(([name, value]) => `${name}: ${value}`),
                '',
                answer.encoding ? `(${answer.encoding}-encoded; decoded:)\n${answer.body}` : answer.body,
              ].join('\n')}
        </pre>
      )}
    </form>
  );
}

function ReplayView({replay, verified}: {replay: Replay | 'running'; verified: string}): ReactNode {
  if (replay === 'running') return <p data-replay-status="running">Replaying the check…</p>;
  const same = replay.failure === undefined && replay.diff === '';
  return (
    <div data-replay-status={same ? 'passed' : 'failed'}>
      <p>
        {same
          ? `The page wrote the verified transcript, line for line (${(replay.ms / 1000).toFixed(1)} s).`
          : replay.failure
            ? 'A step of the check failed in the page:'
            : 'The page wrote another transcript than the verified one (- verified, + page):'}
      </p>
      {!same && <pre className={styles.failure}>{replay.failure ?? replay.diff}</pre>}
      <div className={styles.transcripts}>
        <figure>
          <figcaption>This page</figcaption>
          <pre data-replay-transcript>{replay.transcript}</pre>
        </figure>
        <figure>
          <figcaption>Verified with bun --hot (transcript.txt)</figcaption>
          <pre>{verified}</pre>
        </figure>
      </div>
    </div>
  );
}

/** The example's files in the code editor; a pause in typing in a file writes it to the program. */
function Editor({example, program}: {example: InPageExample; program: PageProgram}): ReactNode {
  const files = useMemo(() => withoutMarkers(example.files), [example]);
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  const running = useRef(program);
  running.current = program;
  useEffect(() => () => timers.current.forEach((timer) => clearTimeout(timer)), []);
  const edit = useCallback((path: string, text: string) => {
    clearTimeout(timers.current.get(path));
    timers.current.set(path, setTimeout(() => running.current.write(path, text), SAVE_DELAY_MS));
  }, []);
  return <CodeEditor files={files} shown={example.shown} onEdit={edit} />;
}

export default function Panel({slug, onClose}: {slug: string; onClose: () => void}): ReactNode {
  const [example, setExample] = useState<InPageExample>();
  const [program, setProgram] = useState<PageProgram>();
  const [replay, setReplay] = useState<Replay | 'running'>();
  const [replayProgram, setReplayProgram] = useState<PageProgram>();
  const [failed, setFailed] = useState<string>();

  useEffect(() => {
    let ended = false;
    let running: PageProgram | undefined;
    void loadExamples().then((all) => {
      if (ended) return;
      // The reader's copy; the replay runs the check on the files as they are in sandbox/.
      const found = all[slug]!;
      setExample(found);
      running = startProgram({...found, files: withoutMarkers(found.files)});
      setProgram(running);
    }, (error: Error) => !ended && setFailed(error.message));
    return () => {
      ended = true;
      void running?.stop();
    };
  }, [slug]);

  if (failed !== undefined) {
    return (
      <p className={styles.loading} role="alert" data-run-in-page-failed={slug}>
        The example could not be loaded ({failed}). Check the connection, then close this and press Run in the browser again.{' '}
        <button type="button" className="button button--link button--sm" onClick={onClose}>
          Close
        </button>
      </p>
    );
  }
  if (!example || !program) return <p className={styles.loading} data-run-in-page-starting={slug}>Starting the program…</p>;

  const restart = () => {
    void program.stop();
    setProgram(startProgram({...example, files: {...program.files}}));
  };
  const runReplay = async () => {
    setReplay('running');
    setReplay(await replayCheck(example, setReplayProgram));
  };

  return (
    <section className={styles.panel} data-run-in-page={slug} aria-label={`${slug}, running in the browser`}>
      <p className={styles.note}>
        Running in this page, as under <code>bun --hot</code>: a pause in your typing saves the file, and the next version runs in the same program.
      </p>
      <Editor example={example} program={program} />
      <div className={styles.columns}>
        <RequestPanel program={program} />
        <Console program={program} />
      </div>
      <p className={styles.actions}>
        <button type="button" className="button button--secondary button--sm" onClick={restart} data-in-page-restart>
          Restart (Ctrl-C, then bun --hot)
        </button>{' '}
        <button type="button" className="button button--primary button--sm" onClick={runReplay} disabled={replay === 'running'} data-replay-button>
          Replay the check
        </button>{' '}
        <button type="button" className="button button--link button--sm" onClick={onClose}>
          Close
        </button>
      </p>
      {replay && (
        <>
          {replay === 'running' && <Console program={replayProgram} />}
          <ReplayView replay={replay} verified={example.transcript} />
        </>
      )}
    </section>
  );
}
