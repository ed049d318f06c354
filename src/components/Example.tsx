/**
 * <Example slug="hot-reload-cache" /> shows one checked example of sandbox/:
 * each file byte for byte, the command that runs it, and the output that the
 * sandbox checker recorded. The data comes from src/plugins/sandbox-examples.ts,
 * and src/plugins/remark-example-data.ts passes it as the `example` prop, from
 * the page's own chunk; an unknown slug fails the build there.
 * The names that a TypeScript file takes from the library or Bun show their
 * types on hover and focus (components/TypeHover, from plugins/example-types.ts).
 * Under the command, "Run in the browser" (src/components/RunInPage) runs it in
 * the page, or one sentence says why the page cannot.
 *
 * Rendering throws (and so fails `docusaurus build`) when the slug is unknown
 * or when the example belongs to another page: the index decides where an
 * example is shown, so a page cannot quietly show a stale or foreign one.
 * It works in docs pages only (it reads the current doc's id).
 */
import type {ReactNode} from 'react';
import CodeBlock from '@theme/CodeBlock';
import Link from '@docusaurus/Link';
import LiveCodeBlock from '@theme/LiveCodeBlock';
import {useDoc} from '@docusaurus/plugin-content-docs/client';
import type {ExampleData} from '../plugins/sandbox-examples';
import RunInPage from './RunInPage';
import {TypedSourceProvider} from './TypeHover';
import styles from './Example.module.css';

/**
 * `playground`: the first file is shown as the page's hot-reload playground (```tsx live
 * hotReload), so the reader edits the very file that the sandbox checks under `bun --hot`.
 */
type Props = {slug: string; example?: ExampleData; playground?: boolean};

export default function Example({slug, example, playground = false}: Props): ReactNode {
  const {metadata} = useDoc();
  if (example?.slug !== slug) {
    throw new Error(
      `<Example slug="${slug}"> on docs page "${metadata.id}" has no data: src/plugins/remark-example-data.ts gives it, ` +
        'and it runs on the pages of the docs plugin only.',
    );
  }
  if (example.page !== metadata.id) {
    throw new Error(
      `<Example slug="${slug}"> is on docs page "${metadata.id}" but sandbox/examples.json says its page is "${example.page}". ` +
        'Move the component or fix "page" in the index.',
    );
  }

  return (
    <section className={styles.example} data-example={slug}>
      {example.sources.map((file, n) => (
        // A playground's code is a static block, with its types, until the reader runs it.
        <TypedSourceProvider key={file.title} value={file.types && {source: file.source, types: file.types}}>
          {playground && n === 0 ? (
            <LiveCodeBlock language="tsx" metastring="live hotReload" title={file.title}>
              {file.source}
            </LiveCodeBlock>
          ) : (
            <CodeBlock language={file.language} title={file.title}>
              {file.source}
            </CodeBlock>
          )}
        </TypedSourceProvider>
      ))}
      <p>
        Run it: <code>npm run sandbox -- {slug}</code>
        {example.command && (
          <>
            {' '}
            (it runs <code>{example.command}</code> on a copy)
          </>
        )}{' '}
        in a clone of the repository; with the package installed from npm,{' '}
        <code>npx jopi-rewrite example {slug}</code> writes it into <code>{slug}/</code> (
        <Link to="/docs/getting-started#examples">how</Link>).
      </p>
      <RunInPage slug={slug} notInPage={example.notInPage} />
      <p className={styles.verifiedNote}>
        <strong>Verified output</strong>, not written by hand: it was produced by{' '}
        <code>npm run sandbox -- --check</code>, which runs this example in CI, and
        the site does not build without it.
      </p>
      <CodeBlock language="text" title={`Verified output · sandbox/${slug}/transcript.txt`}>
        {example.transcript}
      </CodeBlock>
    </section>
  );
}
