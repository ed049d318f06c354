/**
 * A code line without the inline text colour that the theme gives it: that
 * colour is the prism theme of the render, the light one on the server. The
 * line takes the block's colour instead, which src/css/custom.css sets for the
 * reader's colour mode before any script runs.
 */
import type {ReactNode} from 'react';
import OriginalLine from '@theme-original/CodeBlock/Line';
import type {Props} from '@theme/CodeBlock/Line';

export default function Line(props: Props): ReactNode {
  const getLineProps: Props['getLineProps'] = (input) => {
    const {style, ...output} = props.getLineProps(input);
    const {color: _colour, ...rest} = style ?? {};
    return {...output, style: rest};
  };
  return <OriginalLine {...props} getLineProps={getLineProps} />;
}
