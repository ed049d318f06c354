/**
 * Reloads under load: failed requests and non-2xx answers per way of reloading,
 * then the longest wait between two answers, with every figure in one table.
 */
import type {ReactNode} from 'react';
import {BarChart} from './BarChart';
import {ChartFrame, FiguresTable, styles, type Series} from './ChartFrame';
import {formatInt, type UnderLoadResult} from './types';

export default function ReloadUnderLoadChart({underLoad}: {underLoad: UnderLoadResult[]}): ReactNode {
  const series: Series[] = [
    {label: 'failed requests', tone: 'orange'},
    {label: 'non-2xx answers', tone: 'purple'},
  ];
  const names = underLoad.map((result) => result.name);
  return (
    <ChartFrame
      id="reload-under-load"
      series={series}
      caption={<>Failed requests and non-2xx answers while the app file was rewritten every 200 ms under load (lower is better), then the longest time without any answer.</>}
      table={
        <FiguresTable
          id="reload-under-load"
          caption="Requests (and, under them, requests per second), failures, non-2xx answers, longest gap and edits per contender"
          rowKey={(result) => result.name}
          rows={underLoad}
          columns={[
            {header: 'Contender', cell: (result: UnderLoadResult) => result.name},
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
            {header: 'Edits', numeric: true, cell: (result) => formatInt(result.edits)},
          ]}
        />
      }>
      <BarChart
        id="reload-failures"
        title="Failed requests and non-2xx answers during reloads under load"
        summary={`Bar chart of failed requests and non-2xx answers during reloads under load, for ${names.join(', ')}. The figures are in the table below.`}
        series={series}
        groups={underLoad.map((result) => ({label: result.name, values: [result.failed, result.non2xx]}))}
        unit="requests"
        format={formatInt}
      />
      <BarChart
        id="reload-gap"
        title="Longest time without an answer during reloads under load"
        summary={`Bar chart of the longest time between two answers during reloads under load, for ${names.join(', ')}. The figures are in the table below.`}
        series={[{label: 'longest gap', tone: 'blue'}]}
        groups={underLoad.map((result) => ({label: result.name, values: [result.longestGapMs]}))}
        unit="longest gap between two answers, ms"
        format={(ms) => `${formatInt(ms)} ms`}
      />
    </ChartFrame>
  );
}
