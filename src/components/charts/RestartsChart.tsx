/**
 * Restarts under load, per way of restarting (jopi-rewrite serve, pm2 reload, a
 * plain restart); then the 2-workers-against-1 table.
 */
import type {ReactNode} from 'react';
import {FiguresTable} from './ChartFrame';
import {FailuresUnderLoad} from './FailuresUnderLoad';
import {formatDecimal, formatInt, type RestartResult, type WorkersResult} from './types';

export default function RestartsChart({restarts}: {restarts: RestartResult[]}): ReactNode {
  return (
    <FailuresUnderLoad
      id="restarts"
      bars="restart"
      during="restarts"
      caption={<>Failed requests and non-2xx answers over {restarts[0]?.restarts} restarts under 64 keep-alive clients (lower is better), then the longest time without any answer.</>}
      tableCaption="Requests (and, under them, requests per second), failures, non-2xx answers, longest gap and restarts per way of restarting"
      nameHeader="Way of restarting"
      count={{header: 'Restarts', cell: (result) => result.restarts}}
      results={restarts}
    />
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
