/**
 * Requests/s per scenario and server (the medians of the throughput rounds), and each server's
 * ratio to raw Bun.serve measured at the same time, with its 95% interval where the run recorded one.
 */
import type {ReactNode} from 'react';
import {BarChart} from './BarChart';
import {ChartFrame, FiguresTable, tonesFor, type Series} from './ChartFrame';
import {formatInt, formatInterval, serversOf, type Interval, type ThroughputResults} from './types';

/** The number of rounds: one ratio per round and contender (raw Bun.serve has a figure per pair). */
export function roundsOf(throughput: ThroughputResults): number {
  return Math.max(0, ...Object.values(throughput.ratios).flatMap((byServer) => Object.values(byServer).map((values) => values.length)));
}

/** One row per scenario, one column per server. */
function ScenarioTable({id, caption, figures, format}: {id: string; caption: string; figures: Record<string, Record<string, number>>; format: (value: number, scenario: string, server: string) => string}): ReactNode {
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
            return value === undefined ? 'not measured' : format(value, scenario, server);
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

const ratio = (value: number) => `${value.toFixed(2)}x`;

/**
 * Each server's requests/s over raw Bun.serve's, measured at the same time on the same core: the
 * median of the rounds, its 95% interval as a whisker and in the table ("0.97x (0.95-0.99)"), the
 * 0.95x target as a dashed line; then the same for raw Bun.serve against a second copy of itself.
 */
export function RatioTable({throughput}: {throughput: ThroughputResults}): ReactNode {
  const {control, ratioMedians, ratioIntervals} = throughput;
  const servers = serversOf(ratioMedians);
  const tones = tonesFor(servers);
  const series: Series[] = servers.map((server, index) => ({label: server, tone: tones[index]!}));
  const scenarios = Object.keys(ratioMedians);
  const intervalOf = (scenario: string, server: string): Interval | undefined => ratioIntervals?.[scenario]?.[server];
  const rounds = roundsOf(throughput);
  return (
    <>
      <ChartFrame
        id="throughput-ratios"
        series={series}
        caption={
          <>
            Each server over raw Bun.serve measured at the same time, higher is better: the median of {rounds} rounds
            {ratioIntervals ? ', with its 95% interval as a whisker' : ''}. The dashed line is the 0.95x target. 1.00x is as fast.
          </>
        }
        table={
          <ScenarioTable
            id="throughput-ratios"
            caption={`Each server over raw Bun.serve measured at the same time: median of the rounds${ratioIntervals ? ' and its 95% interval' : ''} (1.00 is as fast)`}
            figures={ratioMedians}
            format={(value, scenario, server) => {
              const interval = intervalOf(scenario, server);
              return interval ? formatInterval(interval) : ratio(value);
            }}
          />
        }>
        <BarChart
          id="throughput-ratios"
          title="Each server over raw Bun.serve, per scenario"
          summary={`Bar chart of each server's requests per CPU-second over raw Bun.serve's, for ${scenarios.length} scenarios and ${servers.length} servers, with 95% intervals where recorded. The figures are in the table below.`}
          series={series}
          groups={scenarios.map((scenario) => ({
            label: scenario,
            values: servers.map((server) => ratioMedians[scenario]?.[server]),
            ranges: servers.map((server) => intervalOf(scenario, server)),
          }))}
          unit="times raw Bun.serve"
          format={ratio}
          formatRange={(low, high) => `${low.toFixed(2)}-${high.toFixed(2)}`}
          goal={0.95}
        />
      </ChartFrame>
      <p data-control-check="">
        The same measurement of raw Bun.serve against a second copy of itself gave{' '}
        <strong>{control.interval ? formatInterval(control.interval) : ratio(control.median)}</strong> (rounds from{' '}
        {ratio(Math.min(...control.ratios))} to {ratio(Math.max(...control.ratios))}): that is how far apart two identical
        servers land with this method on this machine. A ratio whose interval holds 1.00x is as fast as raw Bun.serve, as
        far as this run can tell.
      </p>
    </>
  );
}
