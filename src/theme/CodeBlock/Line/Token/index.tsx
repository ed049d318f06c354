/**
 * A code token coloured for both colour modes (src/code-colours.ts) instead of
 * the one prism theme of the render: the server's HTML is then right in the
 * reader's mode from the first paint, and no block is drawn again for it.
 * A token that is a library name of an example (CodeBlock/Line) shows its type.
 */
import type {ReactNode} from 'react';
import type {Props} from '@theme/CodeBlock/Line/Token';
import TypeHover from '../../../../components/TypeHover';
import type {PageTypeHover} from '../../../../plugins/example-types-job';
import {tokenColours} from '../../../../code-colours';

/** A prism token, and for a library name its type and which side of the name to show it. */
export type HoverToken = Props['token'] & {hover?: PageTypeHover; above?: boolean};

export default function Token({line: _line, token, style, ...props}: Props): ReactNode {
  // Only the layout the theme gives an empty token is kept; its colours are one mode's.
  const layout = style?.display ? {display: style.display} : undefined;
  const span = <span {...props} style={{...tokenColours(token.types), ...layout}} />;
  const {hover, above = false} = token as HoverToken;
  return hover ? <TypeHover hover={hover} above={above}>{span}</TypeHover> : span;
}
