/**
 * Replaces the theme's CodeBlock (theme-classic's, and the live code block's
 * wrapper of it, whose one job, sending ```tsx live blocks to the Playground,
 * is done here too) to keep the server's HTML of every code block.
 *
 * The theme remounts every code block once the page has hydrated, because the
 * server draws the tokens in the default colour mode's prism theme and
 * hydration does not repaint inline colours. That throws away and redraws each
 * token of each block: on a page of examples, thousands of elements, the
 * largest single cost of a docs page on a phone. Here no block is remounted:
 * its tokens carry the colours of both modes (CodeBlock/Line/Token).
 */
import {Children, isValidElement, memo, type ReactNode} from 'react';
import type {Props} from '@theme/CodeBlock';
import ElementContent from '@theme/CodeBlock/Content/Element';
import StringContent from '@theme/CodeBlock/Content/String';
import LiveCodeBlock from '@theme/LiveCodeBlock';

// Props are strings: a block whose text did not change is not rendered again when the page hydrates.
const StringBlock = memo(StringContent);

/** The text of a block whose children are only strings (so that it can be copied), else the children. */
function textOf(children: ReactNode): ReactNode {
  if (Children.toArray(children).some((child) => isValidElement(child))) return children;
  return Array.isArray(children) ? children.join('') : children;
}

export default function CodeBlock({children, ...props}: Props & {live?: boolean}): ReactNode {
  const content = textOf(children);
  if (props.live && (content === undefined || typeof content === 'string')) {
    return <LiveCodeBlock {...props}>{content}</LiveCodeBlock>;
  }
  if (typeof content === 'string') return <StringBlock {...props}>{content}</StringBlock>;
  return <ElementContent {...props}>{content}</ElementContent>;
}
