/**
 * Wraps the live code block's Playground (a swizzled wrapper, so theme
 * upgrades keep working). Two jobs:
 *
 * - Blocks whose meta holds `hotReload` (```tsx live hotReload) become the
 *   hot-reload playground, the others stay the theme's plain React playground.
 * - Neither is in the page's bundle. The editor and its compiler (react-live,
 *   Sucrase), the hot-reload runtime and jopi-node-space weigh more than the
 *   rest of a docs page and cost a phone seconds of CPU, so the page first
 *   shows the code as a plain server-rendered code block
 *   (src/components/PlaygroundPlaceholder); the playground's code is fetched
 *   when the reader scrolls near it or presses Run, and then starts at once.
 */
import {lazy, Suspense, useCallback, useState, type ReactNode} from 'react';
import type {Props} from '@theme/Playground';
import PlaygroundPlaceholder from '../../components/PlaygroundPlaceholder';
import {isHotPlayground} from '../../components/HotPlayground/wrap-program';

const HotPlayground = lazy(() => import('../../components/HotPlayground'));
const ReactPlayground = lazy(() => import('@theme-original/Playground'));

// The theme's type leaves out the title, which LiveCodeBlock passes on: <Example playground> gives one.
export default function Playground(props: Props & {title?: string}): ReactNode {
  const [opened, setOpened] = useState(false);
  const open = useCallback(() => setOpened(true), []);
  const placeholder = <PlaygroundPlaceholder code={props.children ?? ''} title={props.title} opening={opened} onOpen={open} />;
  if (!opened) return placeholder;
  const Live = isHotPlayground(props.metastring) ? HotPlayground : ReactPlayground;
  return (
    <Suspense fallback={placeholder}>
      <Live {...props} />
    </Suspense>
  );
}
