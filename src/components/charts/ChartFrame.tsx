/**
 * What every chart of the Performance page shares: the figure around it, the
 * series colours (see Charts.module.css), the legend and the table that gives
 * the same figures as text.
 */
import type {ReactNode} from 'react';
import styles from './Charts.module.css';

/** A series colour; each is defined for light and for dark mode. */
export type Tone = 'jopi' | 'base' | 'blue' | 'orange' | 'purple' | 'q1' | 'q2' | 'q3';

export const toneClass: Record<Tone, string> = {
  jopi: styles.toneJopi!,
  base: styles.toneBase!,
  blue: styles.toneBlue!,
  orange: styles.toneOrange!,
  purple: styles.tonePurple!,
  q1: styles.toneQ1!,
  q2: styles.toneQ2!,
  q3: styles.toneQ3!,
};

export interface Series {
  label: string;
  tone: Tone;
  /** Line charts only: an SVG stroke-dasharray, so that lines differ by more than colour. */
  dash?: string;
}

/**
 * A colour per name: jopi-rewrite in the site's colour, the raw Bun baseline (the first name that
 * starts with "raw") in grey, the others in turn.
 */
export function tonesFor(names: string[], others: Tone[] = ['blue', 'purple', 'orange', 'q2']): Tone[] {
  let next = 0;
  let baseline = false;
  return names.map((name) => {
    if (/jopi/i.test(name)) return 'jopi';
    if (!baseline && /^raw\b/i.test(name)) {
      baseline = true;
      return 'base';
    }
    return others[next++ % others.length]!;
  });
}

function Legend({series, lines}: {series: Series[]; lines: boolean}): ReactNode {
  // The table under the chart says the same to a screen reader.
  return (
    <ul className={styles.legend} aria-hidden="true">
      {series.map((item) => (
        <li key={item.label} className={toneClass[item.tone]}>
          {lines ? (
            <svg className={styles.lineSwatch} width="28" height="10" viewBox="0 0 28 10">
              <line className={styles.line} x1="1" y1="5" x2="27" y2="5" strokeDasharray={item.dash} />
            </svg>
          ) : (
            <span className={styles.swatch} />
          )}
          {item.label}
        </li>
      ))}
    </ul>
  );
}

export interface ChartFrameProps {
  /** The chart's name, for tests: `data-chart-figure`. */
  id: string;
  series: Series[];
  lines?: boolean;
  caption: ReactNode;
  /** The chart(s): SVG elements. */
  children: ReactNode;
  /** The same figures as a table. */
  table: ReactNode;
}

export function ChartFrame({id, series, lines = false, caption, children, table}: ChartFrameProps): ReactNode {
  return (
    <figure className={styles.figure} data-chart-figure={id}>
      {series.length > 1 && <Legend series={series} lines={lines} />}
      {children}
      <figcaption className={styles.caption}>{caption}</figcaption>
      {table}
    </figure>
  );
}

export interface Column<Row> {
  header: string;
  cell: (row: Row) => ReactNode;
  numeric?: boolean;
}

/**
 * A row's name, allowed to wrap only after its commas: "node:http, node --watch"
 * never breaks inside "--watch" or "jopi-rewrite".
 */
export function RowName({text}: {text: string}): ReactNode {
  const parts = text.split(', ');
  return parts.map((part, index) => (
    <span key={index}>
      <span className={styles.nowrap}>{index < parts.length - 1 ? `${part},` : part}</span>
      {index < parts.length - 1 ? ' ' : null}
    </span>
  ));
}

const rowName = (cell: ReactNode): ReactNode => (typeof cell === 'string' ? <RowName text={cell} /> : cell);

/**
 * A box that scrolls sideways when its content is wider than the column (a table or chart on a
 * phone): focusable and named, so that a keyboard can scroll it and a screen reader says what it is.
 */
export function ScrollRegion({label, className = styles.tableScroll, children}: {label: string; className?: string; children: ReactNode}): ReactNode {
  return (
    <div className={className} role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

/** A plain table of the chart's figures; numbers right-aligned, row names in the first column. */
export function FiguresTable<Row>({id, caption, columns, rows, rowKey}: {id: string; caption: string; columns: Column<Row>[]; rows: Row[]; rowKey: (row: Row) => string}): ReactNode {
  return (
    <ScrollRegion label={caption}>
      <table className={styles.table} data-chart-table={id}>
        <caption className={styles.srOnly}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.header} scope="col" className={column.numeric ? styles.num : undefined}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((column, index) =>
                index === 0 ? (
                  <th key={column.header} scope="row">
                    {rowName(column.cell(row))}
                  </th>
                ) : (
                  <td key={column.header} className={column.numeric ? styles.num : undefined}>
                    {column.cell(row)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

/**
 * The SVG of a chart, scrolling sideways on narrow screens: an image for assistive technology,
 * described by `summary`, titled for a mouse hover, found by the browser test through `id`.
 */
export function ChartSvg({id, title, summary, height, width, children}: {id: string; title: string; summary: string; height: number; width: number; children: ReactNode}): ReactNode {
  return (
    <ScrollRegion label={title} className={styles.scroll}>
      <svg
        className={styles.svg}
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={summary}
        data-chart={id}
        preserveAspectRatio="xMinYMin meet">
        <title>{title}</title>
        {children}
      </svg>
    </ScrollRegion>
  );
}

export {styles};
