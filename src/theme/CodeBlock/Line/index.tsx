/**
 * A code line without the inline text colour that the theme gives it: that
 * colour is the prism theme of the render, the light one on the server. The
 * line takes the block's colour instead, which src/css/custom.css sets for the
 * reader's colour mode before any script runs.
 *
 * A line of an example also gets the types of its library names (`types`,
 * from CodeBlock/Content): prism's tokens are cut where a name starts and ends,
 * and the name becomes one token that CodeBlock/Line/Token draws with its type.
 */
import type {ReactNode} from 'react';
import OriginalLine from '@theme-original/CodeBlock/Line';
import type {Props} from '@theme/CodeBlock/Line';
import type {PageTypeHover} from '../../../plugins/example-types-job';
import type {HoverToken} from './Token';

type Token = Props['line'][number];

/** The line's tokens, cut at the hovers' edges, each hovered name one token carrying its hover. */
function withHovers(line: Token[], hovers: PageTypeHover[], above: boolean): HoverToken[] {
  const cuts = new Set(hovers.flatMap((hover) => [hover.character, hover.character + hover.length]));
  const pieces: HoverToken[] = [];
  let column = 0;
  for (const token of line) {
    let from = 0;
    for (let at = 1; at <= token.content.length; at++) {
      if (at === token.content.length || cuts.has(column + at)) {
        pieces.push({...token, content: token.content.slice(from, at)});
        from = at;
      }
    }
    if (token.content.length === 0) pieces.push(token);
    column += token.content.length;
  }
  const merged: HoverToken[] = [];
  column = 0;
  for (const piece of pieces) {
    const hover = hovers.find((candidate) => column >= candidate.character && column < candidate.character + candidate.length);
    const previous = merged.at(-1);
    if (hover && previous?.hover === hover) previous.content += piece.content;
    else merged.push(hover ? {...piece, hover, above} : piece);
    column += piece.content.length;
  }
  return merged;
}

export default function Line({types, above = false, ...props}: Props & {types?: PageTypeHover[]; above?: boolean}): ReactNode {
  const getLineProps: Props['getLineProps'] = (input) => {
    const {style, ...output} = props.getLineProps(input);
    const {color: _colour, ...rest} = style ?? {};
    return {...output, style: rest};
  };
  const line = types?.length ? withHovers(props.line, types, above) : props.line;
  return <OriginalLine {...props} line={line} getLineProps={getLineProps} />;
}
