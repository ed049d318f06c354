/**
 * A name of an example's code with its type, readable without any script: the
 * server's HTML holds the type in an element that CSS shows while the name is
 * hovered or focused (a keyboard reaches each name with Tab), and the name's
 * aria-describedby makes a screen reader say it. Names of the type that have an
 * API reference page link to it. The types come from example-types.ts, at build time.
 */
import {createContext, useContext, useId, type ReactNode} from 'react';
import Link from '@docusaurus/Link';
import type {PageTypeHover} from '../../plugins/example-types-job';
import styles from './styles.module.css';

/** The file a code block shows and its hovers, given by <Example> to the block of each file. */
export type TypedSource = {source: string; types: PageTypeHover[]};

const TypedSourceContext = createContext<TypedSource | undefined>(undefined);

/** Gives the code block inside it the hovers of its file. */
export const TypedSourceProvider = TypedSourceContext.Provider;

/** The hovers of the file of the current code block, if it has any. */
export function useTypedSource(): TypedSource | undefined {
  return useContext(TypedSourceContext);
}

type Props = {hover: PageTypeHover; above: boolean; children: ReactNode};

/**
 * The name (the children: its coloured token) and its type, shown under the
 * name, or above it in the lower half of a block, where a pre's scrolling box
 * would cut it.
 *
 * @example <TypeHover hover={hover} above={false}><span className="token class-name">WebSite</span></TypeHover>
 * @see https://jopi-rewrite.dev/docs/verifying-the-docs#types-on-every-example
 */
export default function TypeHover({hover, above, children}: Props): ReactNode {
  const id = useId();
  return (
    <span className={styles.hover}>
      {/* Focusable so that a keyboard shows the type too; the type is its description. */}
      <span className={styles.name} tabIndex={0} aria-describedby={id}>
        {children}
      </span>
      <span id={id} className={above ? `${styles.type} ${styles.above}` : styles.type} data-type-hover>
        {hover.parts.map((part, n) =>
          typeof part === 'string' ? part : (
            <Link key={n} to={part.to}>
              {part.name}
            </Link>
          ),
        )}
      </span>
    </span>
  );
}
