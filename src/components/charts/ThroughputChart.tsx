/**
 * Requests/s per scenario and server (the medians of the throughput rounds), and each server's
 * ratio to raw Bun.serve measured at the same time.
 */
import type {ReactNode} from 'react';
import {BarChart} from './BarChart';
import {ChartFrame, FiguresTable, tonesFor, type Series} from './ChartFrame';
import {formatInt, serversOf, type ThroughputResults} from './types';

/** The number of rounds: one ratio per round and contender (raw Bun.serve has a figure per pair). */
export function roundsOf(throughput: ThroughputResults): number {
  return Math.max(0, ...Object.values(throughput.ratios).flatMap((byServer) => Object.values(byServer).map((values) => values.length)));
}

/** One row per scenario, one column per server. */
function ScenarioTable({id, caption, figures, format}: {id: string; caption: string; figures: Record<string, Record<string, number>>; format: (value: number) => string}): ReactNode {
  const servers = serversOf(figures);
  return (
    <FiguresTable
      id={id}
      caption={caption}
      rowKey={(scenario) => scenario}
      rows={Object.keys(figures)}
      columns={[
        {header: 'Scenario', cell: (scenario: string) => scenario},
        ...servers.map((server) => ({
          header: server,
          numeric: true,
          cell: (scenario: string) => {
            const value = figures[scenario]?.[server];
            return value === undefined ? 'not measured' : format(value);
          },
        })),
      ]}
    />
  );
}

export default function ThroughputChart({throughput}: {throughput: ThroughputResults}): ReactNode {
  const servers = serversOf(throughput.medians);
  const tones = tonesFor(servers);
  const series: Series[] = servers.map((server, index) => ({label: server, tone: tones[index]!}));
  const scenarios = Object.keys(throughput.medians);
  const rounds = roundsOf(throughput);
  return (
    <ChartFrame
      id="throughput"
      series={series}
      caption={
        <>
          Requests per second of one core, higher is better: median of {rounds} round{rounds === 1 ? '' : 's'} per
          scenario and server.
        </>
      }
      table={
        <ScenarioTable
          id="throughput"
          caption="Requests per second of one core per scenario and server (median of the rounds)"
          figures={throughput.medians}
          format={formatInt}
        />
      }>
      <BarChart
        id="throughput"
        title="Requests per second per scenario and server"
        summary={`Bar chart of requests per second for ${scenarios.length} scenarios and ${servers.length} servers (${servers.join(', ')}). The figures are in the table below.`}
        series={series}
        groups={scenarios.map((scenario) => ({label: scenario, values: servers.map((server) => throughput.medians[scenario]?.[server])}))}
        unit="requests/s"
        format={formatInt}
      />
    </ChartFrame>
  );
}

/** Each server's requests/s over raw Bun.serve's, measured at the same time on the same core. */
export function RatioTable({throughput}: {throughput: ThroughputResults}): ReactNode {
  const {control} = throughput;
  return (
    <>
      <ScenarioTable
        id="throughput-ratios"
        caption="Each server over raw Bun.serve measured at the same time (median of the rounds; 1.00 is as fast)"
        figures={throughput.ratioMedians}
        format={(ratio) => `${ratio.toFixed(2)}x`}
      />
      <p data-control-check="">
        The same measurement of raw Bun.serve against a second copy of itself gave{' '}
        <strong>{control.median.toFixed(2)}x</strong> (rounds from {Math.min(...control.ratios).toFixed(2)}x to{' '}
        {Math.max(...control.ratios).toFixed(2)}x): that is how far apart two identical servers land with this method on
        this machine.
      </p>
    </>
  );
}
