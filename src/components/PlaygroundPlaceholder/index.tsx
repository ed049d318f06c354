/**
 * What a live code block shows until its playground is loaded: the code as a
 * plain code block (server-rendered, so it is there before any script runs,
 * and readable without JavaScript), and a Run button. The playground loads
 * when the reader presses Run or scrolls near it (an IntersectionObserver),
 * so that it is usually running by the time it is in view.
 *
 * Its frame and headers are the playground's own, so the block keeps its
 * look when the editor replaces the code.
 */
import {useEffect, useRef, type ReactNode} from 'react';
import CodeBlock from '@theme/CodeBlock';
import PlaygroundContainer from '@theme/Playground/Container';
import PlaygroundHeader from '@theme/Playground/Header';
import styles from './styles.module.css';

type Props = {
  code: string;
  /** The file the code comes from, when it is a sandbox example's (<Example playground>). */
  title?: string;
  /** True once the reader asked for the playground: the button says it is loading. */
  opening: boolean;
  onOpen: () => void;
};

/** How far below the viewport a playground starts loading, so it is ready when scrolled to. */
const LOAD_AHEAD = '0px 0px 400px 0px';

export default function PlaygroundPlaceholder({code, title, opening, onOpen}: Props): ReactNode {
  const frame = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = frame.current;
    if (opening || !element) return undefined;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) onOpen();
    }, {rootMargin: LOAD_AHEAD});
    observer.observe(element);
    return () => observer.disconnect();
  }, [opening, onOpen]);

  return (
    <PlaygroundContainer>
      <div ref={frame} data-playground-placeholder>
        <PlaygroundHeader>Live Editor</PlaygroundHeader>
        <CodeBlock language="tsx" className={styles.code} title={title}>
          {code.replace(/\n$/, '')}
        </CodeBlock>
        <PlaygroundHeader>Result</PlaygroundHeader>
        <div className={styles.result}>
          <button type="button" className="button button--primary button--sm" onClick={onOpen} disabled={opening}>
            {opening ? 'Loading the playground…' : 'Run this code'}
          </button>
          <span className={styles.hint}> It runs in your browser; the editor loads when you scroll to it.</span>
        </div>
      </div>
    </PlaygroundContainer>
  );
}
