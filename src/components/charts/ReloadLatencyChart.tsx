/**
 * Reload latency: time from saving the file to the first answer from the new
 * code, min / median / p95 per contender, on a logarithmic axis (the contenders
 * are orders of magnitude apart); then the first contender over the second,
 * round by round, with its 95% interval where the run recorded one.
 */
import type {ReactNode} from 'react';
import {BarChart} from './BarChart';
import {ChartFrame, FiguresTable, type Series} from './ChartFrame';
import {formatDecimal, formatInterval, type BenchResults, type LatencyResult} from './types';

const ms = (value: number) => `${formatDecimal(value, 1)} ms`;

/** Each round's median of the first contender over the second's, with its interval; nothing for a run without it. */
export function LatencyRatio({latency, ratio}: {latency: LatencyResult[]; ratio: BenchResults['latencyRatio']}): ReactNode {
  if (!ratio) return null;
  return (
    <p data-latency-ratio="">
      Round by round, the median reload latency of {latency[0]?.name} over that of {latency[1]?.name}, each round
      from the same turn: <strong>{formatInterval(ratio.interval)}</strong>, median of {ratio.interval.rounds} rounds and its
      95% interval (rounds from {Math.min(...ratio.ratios).toFixed(2)}x to {Math.max(...ratio.ratios).toFixed(2)}x).
    </p>
  );
}

export default function ReloadLatencyChart({latency}: {latency: LatencyResult[]}): ReactNode {
  const series: Series[] = [
    {label: 'min', tone: 'q1'},
    {label: 'median', tone: 'q2'},
    {label: '95th percentile', tone: 'q3'},
  ];
  const samples = Math.max(0, ...latency.map((result) => result.samples.length));
  return (
    <ChartFrame
      id="reload-latency"
      series={series}
      caption={<>Milliseconds from the file write to the first answer from the new code, lower is better; {samples} reloads per contender. The axis is logarithmic: each grid line is ten times the one before.</>}
      table={
        <FiguresTable
          id="reload-latency"
          caption="Reload latency per contender: min, median and 95th percentile, in milliseconds"
          rowKey={(result) => result.name}
          rows={latency}
          columns={[
            {header: 'Contender', cell: (result: LatencyResult) => result.name},
            {header: 'Min', numeric: true, cell: (result) => ms(result.minMs)},
            {header: 'Median', numeric: true, cell: (result) => ms(result.medianMs)},
            {header: '95th percentile', numeric: true, cell: (result) => ms(result.p95Ms)},
            {header: 'Reloads', numeric: true, cell: (result) => String(result.samples.length)},
          ]}
        />
      }>
      <BarChart
        id="reload-latency"
        title="Reload latency: min, median and 95th percentile per contender"
        summary={`Bar chart, on a logarithmic scale, of the reload latency (min, median, 95th percentile) of ${latency.map((result) => result.name).join(', ')}. The figures are in the table below.`}
        series={series}
        groups={latency.map((result) => ({label: result.name, values: [result.minMs, result.medianMs, result.p95Ms]}))}
        unit="ms"
        format={ms}
        scale="log"
      />
    </ChartFrame>
  );
}
