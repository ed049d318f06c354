/**
 * A code token coloured for both colour modes (src/code-colours.ts) instead of
 * the one prism theme of the render: the server's HTML is then right in the
 * reader's mode from the first paint, and no block is drawn again for it.
 */
import type {ReactNode} from 'react';
import type {Props} from '@theme/CodeBlock/Line/Token';
import {tokenColours} from '../../../../code-colours';

export default function Token({line: _line, token, style, ...props}: Props): ReactNode {
  // Only the layout the theme gives an empty token is kept; its colours are one mode's.
  const layout = style?.display ? {display: style.display} : undefined;
  return <span {...props} style={{...tokenColours(token.types), ...layout}} />;
}
