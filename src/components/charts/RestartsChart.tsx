/**
 * Restarts under load: failed requests and non-2xx answers per way of restarting
 * (jopi-rewrite serve, pm2 reload, a plain restart), the longest wait between two
 * answers, and every figure in one table. Then the 2-workers-against-1 table.
 */
import type {ReactNode} from 'react';
import {BarChart} from './BarChart';
import {ChartFrame, FiguresTable, styles, type Series} from './ChartFrame';
import {formatDecimal, formatInt, type RestartResult, type WorkersResult} from './types';

export default function RestartsChart({restarts}: {restarts: RestartResult[]}): ReactNode {
  const series: Series[] = [
    {label: 'failed requests', tone: 'orange'},
    {label: 'non-2xx answers', tone: 'purple'},
  ];
  const names = restarts.map((result) => result.name);
  return (
    <ChartFrame
      id="restarts"
      series={series}
      caption={<>Failed requests and non-2xx answers over {restarts[0]?.restarts} restarts under 64 keep-alive clients (lower is better), then the longest time without any answer.</>}
      table={
        <FiguresTable
          id="restarts"
          caption="Requests (and, under them, requests per second), failures, non-2xx answers, longest gap and restarts per way of restarting"
          rowKey={(result) => result.name}
          rows={restarts}
          columns={[
            {header: 'Way of restarting', cell: (result: RestartResult) => result.name},
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
            {header: 'Restarts', numeric: true, cell: (result) => formatInt(result.restarts)},
          ]}
        />
      }>
      <BarChart
        id="restart-failures"
        title="Failed requests and non-2xx answers during restarts under load"
        summary={`Bar chart of failed requests and non-2xx answers during restarts under load, for ${names.join(', ')}. The figures are in the table below.`}
        series={series}
        groups={restarts.map((result) => ({label: result.name, values: [result.failed, result.non2xx]}))}
        unit="requests"
        format={formatInt}
      />
      <BarChart
        id="restart-gap"
        title="Longest time without an answer during restarts under load"
        summary={`Bar chart of the longest time between two answers during restarts under load, for ${names.join(', ')}. The figures are in the table below.`}
        series={[{label: 'longest gap', tone: 'blue'}]}
        groups={restarts.map((result) => ({label: result.name, values: [result.longestGapMs]}))}
        unit="longest gap between two answers, ms"
        format={(ms) => `${formatInt(ms)} ms`}
      />
    </ChartFrame>
  );
}

/** Each round of 2 workers against 1: requests per second and per CPU-second, and the medians of the ratios. */
export function WorkersTable({workers}: {workers: WorkersResult}): ReactNode {
  return (
    <>
      <FiguresTable
        id="workers"
        caption="Requests per second and per CPU-second of the workers, with 1 worker and with 2, each round"
        rowKey={(round) => String(workers.rounds.indexOf(round))}
        rows={workers.rounds}
        columns={[
          {header: 'Round', cell: (round: WorkersResult['rounds'][number]) => `round ${workers.rounds.indexOf(round) + 1}`},
          {header: '1 worker, req/s', numeric: true, cell: (round) => formatInt(round.oneRps)},
          {header: '2 workers, req/s', numeric: true, cell: (round) => formatInt(round.twoRps)},
          {header: '1 worker, per CPU-s', numeric: true, cell: (round) => formatInt(round.onePerCpu)},
          {header: '2 workers, per CPU-s', numeric: true, cell: (round) => formatInt(round.twoPerCpu)},
        ]}
      />
      <p>
        Medians: 2 workers answered {formatDecimal(workers.rpsRatio, 2)}x the requests per second of 1 worker, and{' '}
        {formatDecimal(workers.perCpuRatio, 2)}x its requests per CPU-second, on {workers.cores} cores shared with wrk, which used up to{' '}
        {formatDecimal(workers.wrkCpuMax * 100, 0)}% of one.
      </p>
    </>
  );
}
