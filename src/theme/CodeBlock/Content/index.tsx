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
 * Drawing a block anew needs Prism, which ./highlighted.tsx brings: it is
 * required on the first such block, so that a page that only hydrates never
 * evaluates Prism (src/plugins/prism-on-demand.ts).
 */
import {useState, type ReactNode} from 'react';
import clsx from 'clsx';
import useIsBrowser from '@docusaurus/useIsBrowser';
import {usePrismTheme} from '@docusaurus/theme-common';
import {useCodeBlockContext} from '@docusaurus/theme-common/internal';
import type {Props} from '@theme/CodeBlock/Content';
import {useTypedSource} from '../../../components/TypeHover';
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

type Highlighted = typeof import('./highlighted');

/** The highlighting half of the code block, evaluated on its first use (it stays in this chunk). */
function highlighted(): Highlighted {
  // A plain require, not import(): the block is drawn now, in this render, without a Suspense fallback.
  return require('./highlighted') as Highlighted;
}

export default function Content(props: Props): ReactNode {
  const hydrating = useMountedByHydration();
  const {metadata, wordWrap} = useCodeBlockContext();
  const theme = usePrismTheme();
  const typed = useTypedSource();
  if (!hydrating) {
    const {TypedContent, OriginalContent} = highlighted();
    return typed ? <TypedContent {...props} typed={typed} /> : <OriginalContent {...props} />;
  }
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
