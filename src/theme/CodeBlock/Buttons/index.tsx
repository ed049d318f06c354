/**
 * Wraps the code block's buttons (copy, word wrap) so that a block gets them
 * when the reader points at it or moves the keyboard focus into it, not when
 * the page hydrates. The theme adds them to every block at once after
 * hydration, invisible until hovered: on a page of examples that is hundreds of
 * elements and icons drawn in the same long task as the rest of hydration.
 */
import {useEffect, useRef, useState, type ReactNode} from 'react';
import OriginalButtons from '@theme-original/CodeBlock/Buttons';
import type {Props} from '@theme/CodeBlock/Buttons';

/** What wakes a block: the pointer or the keyboard focus entering it (CodeBlock/Content/String measures it then too). */
export const WAKE_EVENTS = ['pointerenter', 'focusin'] as const;

export default function Buttons(props: Props): ReactNode {
  const [wanted, setWanted] = useState(false);
  const marker = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    const block = marker.current?.closest('.theme-code-block');
    if (wanted || !block) return undefined;
    const wake = () => setWanted(true);
    for (const event of WAKE_EVENTS) block.addEventListener(event, wake);
    return () => WAKE_EVENTS.forEach((event) => block.removeEventListener(event, wake));
  }, [wanted]);
  return wanted ? <OriginalButtons {...props} /> : <span ref={marker} hidden />;
}
