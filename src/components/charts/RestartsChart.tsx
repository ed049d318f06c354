/**
 * Restarts under load, per way of restarting (jopi-rewrite serve, pm2 reload, a
 * plain restart) and kernel setting: the keep-alive clients' chart, every kind
 * of client in a table; then the 2-workers-against-1 table.
 */
import type {ReactNode} from 'react';
import {FiguresTable, styles} from './ChartFrame';
import {FailuresUnderLoad} from './FailuresUnderLoad';
import {formatDecimal, formatInt, formatInterval, type RestartClientResult, type RestartResult, type WorkersResult} from './types';

export default function RestartsChart({restarts}: {restarts: RestartResult[]}): ReactNode {
  return (
    <FailuresUnderLoad
      id="restarts"
      bars="restart"
      during="restarts"
      caption={<>Failed requests and non-2xx answers of the 64 keep-alive GET clients over {restarts[0]?.restarts} restarts (lower is better), then the longest time without any answer. Every kind of client is in the next table.</>}
      tableCaption="Keep-alive GET clients: requests (and, under them, requests per second), failures, non-2xx answers, longest gap and restarts per way of restarting"
      nameHeader="Way of restarting"
      count={{header: 'Restarts', cell: (result) => result.restarts}}
      results={restarts}
    />
  );
}

type ClientRow = {run: RestartResult; client: RestartClientResult};

const causes = (client: RestartClientResult) =>
  Object.entries(client.errors)
    .map(([cause, count]) => `${formatInt(count ?? 0)} ${cause}`)
    .join(', ');

/**
 * Every kind of client of each restart run: what it got, what it lost and why, and the CPU share of
 * its own process, which says whether the client was the limit.
 */
export function RestartClientsTable({restarts}: {restarts: RestartResult[]}): ReactNode {
  const rows: ClientRow[] = restarts.flatMap((run) => (run.clients ?? []).map((client) => ({run, client})));
  if (rows.length === 0) {
    return <p data-restart-clients-missing="">The run shown here was made before connection-per-request and POST clients were measured; the next full run of <code>npm run bench</code> adds them.</p>;
  }
  const onHost = restarts.find((run) => run.network?.kind === 'host');
  const busiest = Math.max(...rows.map(({client}) => client.cpuShare));
  return (
    <>
      <FiguresTable
        id="restart-clients"
        caption="Every kind of client during the restarts: requests (and requests per second), failed requests with their causes, non-2xx answers, longest gap, and the CPU share of the client's process, per way of restarting and tcp_migrate_req"
        rowKey={({run, client}) => `${run.name} ${client.kind}`}
        rows={rows}
        columns={[
          {header: 'Way of restarting', cell: ({run}: ClientRow) => run.name},
          {header: 'Clients', cell: ({client}) => `${client.clients} ${client.kind}`},
          {
            header: 'Requests',
            numeric: true,
            cell: ({client}) => (
              <>
                {formatInt(client.requests)}
                <span className={styles.sub}>{formatInt(client.rps)}/s</span>
              </>
            ),
          },
          {
            header: 'Failed',
            numeric: true,
            cell: ({client}) => (
              <>
                {formatInt(client.failed)}
                {client.failed > 0 && <span className={styles.sub}>{causes(client)}</span>}
              </>
            ),
          },
          {header: 'Non-2xx', numeric: true, cell: ({client}) => formatInt(client.non2xx)},
          {header: 'Longest gap', numeric: true, cell: ({client}) => `${formatInt(client.longestGapMs)} ms`},
          {header: 'Client CPU', numeric: true, cell: ({client}) => `${formatDecimal(client.cpuShare * 100, 0)}%`},
        ]}
      />
      <p data-restart-clients-note="">
        {onHost
          ? <>No private network namespace could be made for this run ({onHost.network?.reason}): each way of restarting ran once, with the host&apos;s own setting, tcp_migrate_req={String(onHost.tcpMigrateReq)}. </>
          : <>Each run had a private network namespace of its own, with tcp_migrate_req as named, read back after the run; the host&apos;s setting was never changed. </>}
        The busiest client process used {formatDecimal(busiest * 100, 0)}% of one core
        {busiest < 0.8 ? ': the clients were not the limit.' : ': close to a whole core, that client may have been the limit of its own requests per second.'}
      </p>
    </>
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
      <p data-workers-ratio="">
        {workers.rpsInterval && workers.perCpuInterval ? (
          <>
            Median of the rounds and its 95% interval: 2 workers answered <strong>{formatInterval(workers.rpsInterval)}</strong> the requests per
            second of 1 worker, and {formatInterval(workers.perCpuInterval)} its requests per CPU-second
          </>
        ) : (
          <>
            Medians: 2 workers answered {formatDecimal(workers.rpsRatio, 2)}x the requests per second of 1 worker, and{' '}
            {formatDecimal(workers.perCpuRatio, 2)}x its requests per CPU-second
          </>
        )}
        , on {workers.cores} cores shared with wrk, which used up to {formatDecimal(workers.wrkCpuMax * 100, 0)}% of one.
      </p>
    </>
  );
}
