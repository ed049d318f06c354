/**
 * The "Run in the browser" control of an <Example>: a button, and nothing else
 * until the reader presses it. Then the panel (panel.tsx), its editor, the
 * TypeScript compiler, the check harness and the program's Worker load, as one
 * chunk of their own: the first load of a docs page stays as light as before.
 * An example the page cannot run says why, in the one sentence of
 * sandbox/examples.json's "notInPage".
 */
import {lazy, Suspense, useState, type ReactNode} from 'react';

const Panel = lazy(() => import('./panel'));

type Props = {slug: string; notInPage?: string};

export default function RunInPage({slug, notInPage}: Props): ReactNode {
  const [open, setOpen] = useState(false);
  if (notInPage !== undefined) {
    return (
      <p className="margin-bottom--sm" data-not-in-page={slug}>
        <strong>Not in the browser:</strong> {notInPage}
      </p>
    );
  }
  if (!open) {
    return (
      <p>
        <button type="button" className="button button--primary button--sm" data-run-in-page-button={slug} onClick={() => setOpen(true)}>
          Run in the browser
        </button>
      </p>
    );
  }
  return (
    <Suspense fallback={<p>Loading the editor and the program…</p>}>
      <Panel slug={slug} onClose={() => setOpen(false)} />
    </Suspense>
  );
}
