/**
 * Wraps the live code block's Playground (a swizzled wrapper, so theme
 * upgrades keep working): blocks whose meta holds `hotReload`
 * (```tsx live hotReload) become the hot-reload playground, the others stay
 * the theme's plain React playground.
 */
import type {ReactNode} from 'react';
import OriginalPlayground from '@theme-original/Playground';
import type {Props} from '@theme/Playground';
import HotPlayground, {isHotPlayground} from '../../components/HotPlayground';

export default function Playground(props: Props): ReactNode {
  return isHotPlayground(props.metastring) ? <HotPlayground {...props} /> : <OriginalPlayground {...props} />;
}
