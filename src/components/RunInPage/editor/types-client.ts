/**
 * The page's side of the editor's TypeScript Worker (types-worker.ts), and the
 * editor features it gives: hover, errors underlined as you type, completion.
 * Nothing of it loads until the editor is first focused: before that, each
 * feature answers nothing, and the Worker, the compiler and the declarations
 * are not fetched.
 */
import {autocompletion, type CompletionContext, type CompletionResult} from '@codemirror/autocomplete';
import {forceLinting, linter, type Diagnostic} from '@codemirror/lint';
import {EditorView, hoverTooltip, type Tooltip} from '@codemirror/view';
import type {Extension} from '@codemirror/state';
import type {TypeCompletion, TypeError, TypeHover} from './example-types';
import type {FromTypes, ToTypes} from './types-messages';

/** One example's TypeScript service in a Worker, started by `start()` on the editor's first focus. */
export class TypesClient {
  private worker: Worker | undefined;
  private readonly waiting = new Map<number, (answer: FromTypes['answer']) => void>();
  private nextId = 1;

  constructor(private readonly files: () => Record<string, string>) {}

  get started(): boolean {
    return this.worker !== undefined;
  }

  start(): void {
    if (this.worker) return;
    this.worker = new Worker(new URL('./types-worker.ts', import.meta.url));
    this.worker.onmessage = ({data}: MessageEvent<FromTypes>) => {
      this.waiting.get(data.id)?.(data.answer);
      this.waiting.delete(data.id);
    };
    this.post({type: 'start', files: this.files()});
  }

  update(path: string, text: string): void {
    if (this.worker) this.post({type: 'update', path, text});
  }

  ask(question: 'errors', path: string, position: number): Promise<TypeError[]>;
  ask(question: 'hover', path: string, position: number): Promise<TypeHover | null>;
  ask(question: 'completions', path: string, position: number): Promise<TypeCompletion[]>;
  ask(question: 'errors' | 'hover' | 'completions', path: string, position: number): Promise<FromTypes['answer']> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.post({type: 'ask', id, question, path, position});
    });
  }

  stop(): void {
    this.worker?.terminate();
    this.waiting.clear();
  }

  private post(message: ToTypes): void {
    this.worker!.postMessage(message);
  }
}

/**
 * Hover, errors and completion for the file `path()` of an editor, from `types`; the first
 * focus of the editor starts the Worker.
 *
 * @example EditorState.create({doc, extensions: [typesFeatures(client, () => 'index.ts')]})
 * @see https://jopi-rewrite.dev/docs/getting-started#run-it-with-bun---hot
 */
export function typesFeatures(types: TypesClient, path: () => string): Extension {
  const hover = hoverTooltip(async (_view, position): Promise<Tooltip | null> => {
    if (!types.started) return null;
    const found = await types.ask('hover', path(), position);
    if (!found) return null;
    return {
      pos: found.from,
      end: found.to,
      create() {
        const dom = document.createElement('div');
        dom.className = 'cm-type-hover';
        dom.setAttribute('data-editor-hover', '');
        const code = dom.appendChild(document.createElement('code'));
        code.textContent = found.type;
        // The first paragraph of the JSDoc: the rest is on the API page.
        const summary = found.documentation.split(/\n\s*\n/)[0]?.replace(/\s*\n\s*/g, ' ');
        if (summary) dom.appendChild(document.createElement('p')).textContent = summary;
        return {dom};
      },
    };
  });
  const errors = linter(async (view): Promise<Diagnostic[]> => {
    if (!types.started) return [];
    const found = await types.ask('errors', path(), 0);
    const length = view.state.doc.length;
    return found.map(({from, to, severity, message, code}) => ({from: Math.min(from, length), to: Math.min(to, length), severity, message: `${message} (TS${code})`}));
  }, {delay: 300});
  const complete = autocompletion({
    override: [
      async (context: CompletionContext): Promise<CompletionResult | null> => {
        if (!types.started) return null;
        const word = context.matchBefore(/[\w$]*/);
        if (!word || (word.from === word.to && !context.explicit && context.state.sliceDoc(word.from - 1, word.from) !== '.')) return null;
        const found = await types.ask('completions', path(), context.pos);
        return {from: word.from, options: found.map(({label, kind, sortText}) => ({label, type: kind, boost: -Number.parseInt(sortText, 10) || 0})), validFor: /^[\w$]*$/};
      },
    ],
  });
  const startOnFocus = EditorView.updateListener.of((update) => {
    if (update.focusChanged && update.view.hasFocus && !types.started) {
      types.start();
      forceLinting(update.view);
    }
  });
  return [hover, errors, complete, startOnFocus];
}
