/**
 * What clients saw while the server changed under load (reloads or restarts): failed requests and
 * non-2xx answers per contender, the longest wait between two answers, and every figure in one
 * table. ReloadUnderLoadChart and RestartsChart say what changed and how often.
 */
import type {ReactNode} from 'react';
import {BarChart} from './BarChart';
import {ChartFrame, FiguresTable, styles, type Series} from './ChartFrame';
import {formatInt} from './types';

/** What every load run measures, whatever changed the server. */
export type LoadFigures = {name: string; requests: number; rps: number; failed: number; non2xx: number; longestGapMs: number};

type Props<T extends LoadFigures> = {
  id: string;
  /** The charts are `<bars>-failures` and `<bars>-gap`. */
  bars: string;
  /** "reloads" or "restarts": the words of the titles. */
  during: string;
  caption: ReactNode;
  tableCaption: string;
  nameHeader: string;
  /** The last column: how many times the server changed. */
  count: {header: string; cell: (result: T) => number};
  results: T[];
};

const series: Series[] = [
  {label: 'failed requests', tone: 'orange'},
  {label: 'non-2xx answers', tone: 'purple'},
];

export function FailuresUnderLoad<T extends LoadFigures>({id, bars, during, caption, tableCaption, nameHeader, count, results}: Props<T>): ReactNode {
  const names = results.map((result) => result.name).join(', ');
  return (
    <ChartFrame
      id={id}
      series={series}
      caption={caption}
      table={
        <FiguresTable
          id={id}
          caption={tableCaption}
          rowKey={(result) => result.name}
          rows={results}
          columns={[
            {header: nameHeader, cell: (result: T) => result.name},
            {
              header: 'Requests',
              numeric: true,
              cell: (result) => (
                <>
                  {formatInt(result.requests)}
                  <span className={styles.sub}>{formatInt(result.rps)}/s</span>
                </>
              ),
            },
            {header: 'Failed', numeric: true, cell: (result) => formatInt(result.failed)},
            {header: 'Non-2xx', numeric: true, cell: (result) => formatInt(result.non2xx)},
            {header: 'Longest gap', numeric: true, cell: (result) => `${formatInt(result.longestGapMs)} ms`},
            {header: count.header, numeric: true, cell: (result) => formatInt(count.cell(result))},
          ]}
        />
      }>
      <BarChart
        id={`${bars}-failures`}
        title={`Failed requests and non-2xx answers during ${during} under load`}
        summary={`Bar chart of failed requests and non-2xx answers during ${during} under load, for ${names}. The figures are in the table below.`}
        series={series}
        groups={results.map((result) => ({label: result.name, values: [result.failed, result.non2xx]}))}
        unit="requests"
        format={formatInt}
      />
      <BarChart
        id={`${bars}-gap`}
        title={`Longest time without an answer during ${during} under load`}
        summary={`Bar chart of the longest time between two answers during ${during} under load, for ${names}. The figures are in the table below.`}
        series={[{label: 'longest gap', tone: 'blue'}]}
        groups={results.map((result) => ({label: result.name, values: [result.longestGapMs]}))}
        unit="longest gap between two answers, ms"
        format={(ms) => `${formatInt(ms)} ms`}
      />
    </ChartFrame>
  );
}
