/**
 * Requests/s per scenario and server: the medians of the throughput rounds.
 */
import type {ReactNode} from 'react';
import {BarChart} from './BarChart';
import {ChartFrame, FiguresTable, tonesFor, type Series} from './ChartFrame';
import {formatInt, serversOf, type ThroughputResults} from './types';

/** The number of rounds behind the medians (the most any cell had). */
export function roundsOf(throughput: ThroughputResults): number {
  return Math.max(0, ...Object.values(throughput.rounds).flatMap((byServer) => Object.values(byServer).map((values) => values.length)));
}

export default function ThroughputChart({throughput}: {throughput: ThroughputResults}): ReactNode {
  const servers = serversOf(throughput.medians);
  const tones = tonesFor(servers);
  const series: Series[] = servers.map((server, index) => ({label: server, tone: tones[index]!}));
  const scenarios = Object.keys(throughput.medians);
  const rounds = roundsOf(throughput);
  const rps = (value: number) => `${formatInt(value)}`;
  return (
    <ChartFrame
      id="throughput"
      series={series}
      caption={
        <>
          Requests per second, higher is better: median of {rounds} round{rounds === 1 ? '' : 's'} per scenario and server,
          64 connections.
        </>
      }
      table={
        <FiguresTable
          id="throughput"
          caption="Requests per second per scenario and server (median of the rounds)"
          rowKey={(scenario) => scenario}
          rows={scenarios}
          columns={[
            {header: 'Scenario', cell: (scenario: string) => scenario},
            ...servers.map((server) => ({
              header: server,
              numeric: true,
              cell: (scenario: string) => {
                const value = throughput.medians[scenario]?.[server];
                return value === undefined ? 'not measured' : formatInt(value);
              },
            })),
          ]}
        />
      }>
      <BarChart
        id="throughput"
        title="Requests per second per scenario and server"
        summary={`Bar chart of requests per second for ${scenarios.length} scenarios and ${servers.length} servers (${servers.join(', ')}). The figures are in the table below.`}
        series={series}
        groups={scenarios.map((scenario) => ({label: scenario, values: servers.map((server) => throughput.medians[scenario]?.[server])}))}
        unit="requests/s"
        format={rps}
      />
    </ChartFrame>
  );
}
