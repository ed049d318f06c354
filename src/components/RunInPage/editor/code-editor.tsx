/**
 * The "Run in the browser" editor: CodeMirror 6, a tab per file, TypeScript
 * highlighted in the site's own code colours (highlight-style.ts), line numbers,
 * bracket matching, indentation on Enter and Tab, undo; and, from its first
 * focus, the library's types (types-client.ts). Each file keeps its own state,
 * with its own undo history, across tab changes.
 *
 * Tab indents, so Escape then Tab leaves the editor (CodeMirror's rule for
 * indentWithTab); the line under the editor says so.
 */
import {useEffect, useRef, useState, type CSSProperties, type ReactNode} from 'react';
import {defaultKeymap, history, historyKeymap, indentWithTab} from '@codemirror/commands';
import {javascript} from '@codemirror/lang-javascript';
import {bracketMatching, indentOnInput, syntaxHighlighting} from '@codemirror/language';
import {EditorState} from '@codemirror/state';
import {EditorView, keymap, lineNumbers} from '@codemirror/view';
import {siteHighlightStyle} from './highlight-style';
import {darkCodeTheme, lightCodeTheme} from '../../../code-themes';
import styles from '../panel.module.css';
import {TypesClient, typesFeatures} from './types-client';

// The code colours of both modes, from the themes of the static blocks; panel.module.css picks one.
const modeColours = {
  '--editor-light-color': lightCodeTheme.plain.color,
  '--editor-light-background': lightCodeTheme.plain.backgroundColor,
  '--editor-dark-color': darkCodeTheme.plain.color,
  '--editor-dark-background': darkCodeTheme.plain.backgroundColor,
} as CSSProperties;

type Props = {
  /** Every file of the program, by path; the tabs show `shown`. */
  files: Record<string, string>;
  shown: string[];
  /** Called on each change of a file's text. */
  onEdit: (path: string, text: string) => void;
};

/**
 * The editor of an example's files.
 *
 * @example <CodeEditor files={example.files} shown={example.shown} onEdit={(path, text) => save(path, text)} />
 * @see https://jopi-rewrite.dev/docs/getting-started#run-it-with-bun---hot
 */
export default function CodeEditor({files, shown, onEdit}: Props): ReactNode {
  const [active, setActive] = useState(shown[0]!);
  const parent = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView>(undefined);
  const states = useRef(new Map<string, EditorState>());
  const current = useRef(active);
  const edit = useRef(onEdit);
  edit.current = onEdit;

  useEffect(() => {
    const texts = {...files};
    const types = new TypesClient(() => texts);
    const stateOf = (path: string) =>
      EditorState.create({
        doc: files[path] ?? '',
        extensions: [
          lineNumbers(),
          // No sideways scrolling on a phone: long lines wrap.
          EditorView.lineWrapping,
          history(),
          indentOnInput(),
          bracketMatching(),
          javascript({typescript: true}),
          syntaxHighlighting(siteHighlightStyle),
          keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
          EditorView.contentAttributes.of({'aria-label': `${path}: a pause in typing saves it`, 'data-in-page-editor': path}),
          typesFeatures(types, () => current.current),
          EditorView.updateListener.of((update) => {
            if (!update.docChanged) return;
            const text = update.state.doc.toString();
            texts[path] = text;
            types.update(path, text);
            edit.current(path, text);
          }),
        ],
      });
    for (const path of shown) states.current.set(path, stateOf(path));
    view.current = new EditorView({state: states.current.get(shown[0]!)!, parent: parent.current!});
    return () => {
      view.current?.destroy();
      types.stop();
      states.current.clear();
    };
  }, [files, shown]);

  const choose = (path: string) => {
    const editor = view.current!;
    states.current.set(current.current, editor.state);
    current.current = path;
    editor.setState(states.current.get(path)!);
    setActive(path);
  };

  return (
    <div className={styles.editor}>
      <div role="tablist" aria-label="Files of the example" className={styles.tabs}>
        {shown.map((file) => (
          <button key={file} type="button" role="tab" aria-selected={file === active} className={styles.tab} onClick={() => choose(file)} data-file-tab={file}>
            {file}
          </button>
        ))}
      </div>
      <div ref={parent} className={styles.code} style={modeColours} />
      <p className={styles.keys} data-editor-keys>
        Tab indents. To leave the editor with the keyboard, press Escape, then Tab. Hover a name for its type; errors are underlined as you type.
      </p>
    </div>
  );
}
