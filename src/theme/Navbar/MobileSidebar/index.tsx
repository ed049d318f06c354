/**
 * Wraps the theme's mobile navigation drawer so that it is drawn when the
 * browser is idle after the page has loaded, or at once when the reader opens
 * it, instead of in the render that follows hydration.
 *
 * On a phone the theme draws the closed drawer, with the whole docs sidebar in
 * it, as soon as hydration ends: a render that React cannot split (it comes
 * from an effect), in the second when the page is most busy. Drawn in an idle
 * period, as a transition, it is split into small tasks; the drawer still
 * slides in on its first opening, since it is already there.
 */
import {startTransition, useEffect, useState, type ReactNode} from 'react';
import OriginalMobileSidebar from '@theme-original/Navbar/MobileSidebar';
import {useNavbarMobileSidebar} from '@docusaurus/theme-common/internal';

// Browsers without requestIdleCallback (Safari before 18) get a short delay instead.
function whenIdle(callback: () => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(callback, {timeout: 3000});
    return () => cancelIdleCallback(handle);
  }
  const handle = setTimeout(callback, 200);
  return () => clearTimeout(handle);
}

export default function MobileSidebar(): ReactNode {
  const {shown, shouldRender} = useNavbarMobileSidebar();
  const [drawn, setDrawn] = useState(false);
  useEffect(() => {
    if (drawn || !shouldRender) return undefined;
    if (shown) {
      setDrawn(true);
      return undefined;
    }
    return whenIdle(() => startTransition(() => setDrawn(true)));
  }, [drawn, shown, shouldRender]);
  return drawn ? <OriginalMobileSidebar /> : null;
}
