/**
 * Replaces the theme's CodeBlock (theme-classic's, and the live code block's
 * wrapper of it, whose one job, sending ```tsx live blocks to the Playground,
 * is done here too) to keep the server's HTML of every code block.
 *
 * The theme remounts every code block once the page has hydrated, because the
 * server draws the tokens in the default colour mode's prism theme and
 * hydration does not repaint inline colours. That throws away and redraws each
 * token of each block: on a page of examples, thousands of elements, the
 * largest single cost of a docs page on a phone. Here a block is drawn again
 * only when the reader's colour mode uses another prism theme than the
 * server's; otherwise the hydrated HTML stays as it is.
 */
import {Children, isValidElement, memo, type ReactNode} from 'react';
import useIsBrowser from '@docusaurus/useIsBrowser';
import {usePrismTheme, useThemeConfig} from '@docusaurus/theme-common';
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

/** 'server' while the server's colours are right, 'client' once they must be drawn again. */
function useColourKey(): string {
  const isBrowser = useIsBrowser();
  const {prism} = useThemeConfig();
  const theme = usePrismTheme();
  return isBrowser && theme !== prism.theme ? 'client' : 'server';
}

export default function CodeBlock({children, ...props}: Props & {live?: boolean}): ReactNode {
  const key = useColourKey();
  const content = textOf(children);
  if (props.live && (content === undefined || typeof content === 'string')) {
    return <LiveCodeBlock {...props}>{content}</LiveCodeBlock>;
  }
  if (typeof content === 'string') {
    return (
      <StringBlock key={key} {...props}>
        {content}
      </StringBlock>
    );
  }
  return (
    <ElementContent key={key} {...props}>
      {content}
    </ElementContent>
  );
}
