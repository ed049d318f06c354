/**
 * Wraps the theme's code block content (the highlighted <pre>) so that the
 * page's first render in the browser, the hydration of the server's HTML, does
 * not highlight the code again.
 *
 * The theme's content runs Prism over the block's text at every render, on the
 * server and again while the browser hydrates, to rebuild tokens the server
 * already drew: on a page of examples that was the largest script cost on a
 * phone. A block that mounts during hydration renders its <pre> with the same
 * attributes and an empty dangerouslySetInnerHTML, which React leaves as the
 * server wrote it, then and at every later render. A block that mounts after
 * hydration (another page reached by a link) has no server HTML and renders
 * the theme's.
 *
 * The block of an example's TypeScript file (inside a TypedSourceProvider)
 * renders its lines here, like the theme, but gives each line the types of its
 * library names: the file's lines as written, less the highlight markers'
 * lines, are the lines shown.
 */
import {useState, type ReactNode} from 'react';
import clsx from 'clsx';
import useIsBrowser from '@docusaurus/useIsBrowser';
import {usePrismTheme} from '@docusaurus/theme-common';
import {useCodeBlockContext} from '@docusaurus/theme-common/internal';
import {Highlight} from 'prism-react-renderer';
import OriginalContent from '@theme-original/CodeBlock/Content';
import type {Props} from '@theme/CodeBlock/Content';
import {useTypedSource, type TypedSource} from '../../../components/TypeHover';
import type {PageTypeHover} from '../../../plugins/example-types-job';
import Line from '../Line';
// The theme's own CSS module: the same class names as the <pre> the server drew.
import themeStyles from '@docusaurus/theme-classic/lib/theme/CodeBlock/Content/styles.module.css';

// Not rendered again while props are the same: React never writes into it.
const keepServerHtml = {__html: ''};

/**
 * True in the browser while React hydrates the server's HTML of this page.
 * Not in `docusaurus start`, which renders in the browser alone: there the
 * page has no server HTML, and <html> no data-has-hydrated="false".
 */
function useMountedByHydration(): boolean {
  const isBrowser = useIsBrowser();
  const [hydrating] = useState(() => !isBrowser && typeof document !== 'undefined' && document.documentElement.dataset.hasHydrated === 'false');
  return hydrating;
}

/** The hovers of each shown line: the file's lines are matched in order, skipping those not shown. */
function hoversByShownLine({source, types}: TypedSource, shown: string): PageTypeHover[][] {
  const shownLines = shown.split('\n');
  const byLine: PageTypeHover[][] = shownLines.map(() => []);
  let next = 0;
  source.split('\n').forEach((text, line) => {
    if (shownLines[next] !== text) return;
    for (const hover of types) if (hover.line === line) byLine[next]!.push(hover);
    next++;
  });
  return byLine;
}

function TypedContent({className, typed}: Props & {typed: TypedSource}): ReactNode {
  const {metadata, wordWrap} = useCodeBlockContext();
  const theme = usePrismTheme();
  const hovers = hoversByShownLine(typed, metadata.code);
  return (
    <Highlight theme={theme} code={metadata.code} language={metadata.language}>
      {({className: prismClass, style, tokens, getLineProps, getTokenProps}) => (
        <pre ref={wordWrap.codeBlockRef} tabIndex={0} className={clsx(className, prismClass, themeStyles.codeBlock, 'thin-scrollbar')} style={style}>
          <code
            className={clsx(themeStyles.codeBlockLines, metadata.lineNumbersStart !== undefined && themeStyles.codeBlockLinesWithNumbering)}
            style={metadata.lineNumbersStart === undefined ? undefined : {counterReset: `line-count ${metadata.lineNumbersStart - 1}`}}>
            {tokens.map((line, i) => (
              <Line
                key={i}
                line={line}
                getLineProps={getLineProps}
                getTokenProps={getTokenProps}
                classNames={metadata.lineClassNames[i]}
                showLineNumbers={metadata.lineNumbersStart !== undefined}
                types={hovers[i]}
                above={i >= tokens.length / 2}
              />
            ))}
          </code>
        </pre>
      )}
    </Highlight>
  );
}

export default function Content(props: Props): ReactNode {
  const hydrating = useMountedByHydration();
  const {metadata, wordWrap} = useCodeBlockContext();
  const theme = usePrismTheme();
  const typed = useTypedSource();
  if (!hydrating && typed) return <TypedContent {...props} typed={typed} />;
  if (!hydrating) return <OriginalContent {...props} />;
  return (
    <pre
      ref={wordWrap.codeBlockRef}
      // The theme's <pre> is focusable so that a keyboard can scroll it.
      tabIndex={0}
      className={clsx(props.className, `prism-code language-${metadata.language.toLowerCase()}`, themeStyles.codeBlock, 'thin-scrollbar')}
      style={theme.plain}
      dangerouslySetInnerHTML={keepServerHtml}
      suppressHydrationWarning
    />
  );
}
