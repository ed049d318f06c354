/**
 * Resumable sessions across rolling restarts: what the WebSocket and event-stream
 * clients of each run counted, then the messages per CPU-second with sessions on
 * and off. Results written before this was measured have no such figures: the
 * page says so instead of failing.
 */
import type {ReactNode} from 'react';
import {FiguresTable, styles} from './ChartFrame';
import {formatDecimal, formatInt, formatInterval, type BenchResults, type SessionCounts, type SessionsRun} from './types';

interface Row {
  name: string;
  kind: string;
  counts: SessionCounts;
}

const ms = (value: number | null) => (value === null ? 'no restart' : `${formatDecimal(value)} ms`);

export default function SessionsTable({sessions}: {sessions: BenchResults['sessions']}): ReactNode {
  if (!sessions) {
    return <p data-sessions-missing="">These figures are not in the results shown on this page: they were recorded before resumable sessions were measured. The next full run of <code>npm run bench</code> adds them.</p>;
  }
  const rows: Row[] = sessions.runs.flatMap((run: SessionsRun) => [
    {name: run.name, kind: 'WebSockets', counts: run.sockets},
    ...(run.streams ? [{name: run.name, kind: 'event streams', counts: run.streams}] : []),
  ]);
  const {rate} = sessions;
  return (
    <>
      <FiguresTable
        id="sessions"
        caption={`What the clients counted over ${sessions.runs[0]?.restarts ?? 0} restarts, per way of running and kind of connection`}
        rowKey={(row) => `${row.name} ${row.kind}`}
        rows={rows}
        columns={[
          {header: 'Run', cell: (row: Row) => `${row.name}: ${row.kind}`},
          {
            header: 'Lost',
            numeric: true,
            cell: (row) => (
              <>
                {formatInt(row.counts.lost)}
                <span className={styles.sub}>of {formatInt(row.counts.received + row.counts.lost)}</span>
              </>
            ),
          },
          {header: 'Duplicated', numeric: true, cell: (row) => formatInt(row.counts.duplicated)},
          {header: 'Out of order', numeric: true, cell: (row) => formatInt(row.counts.outOfOrder)},
          {
            header: 'Not recovered',
            numeric: true,
            cell: (row) => (
              <>
                {formatInt(row.counts.notRecovered)}
                <span className={styles.sub}>of {formatInt(row.counts.reconnects)} reconnections</span>
              </>
            ),
          },
          {header: 'Peak reconnections/s', numeric: true, cell: (row) => formatInt(row.counts.peakReconnectsPerSecond)},
          {header: 'p99 delay', numeric: true, cell: (row) => ms(row.counts.p99Ms)},
          {header: 'p99 delay during restarts', numeric: true, cell: (row) => ms(row.counts.p99DuringRestartsMs)},
        ]}
      />
      <p data-session-rate="">
        Messages per CPU-second of the workers, round by round: sessions on {rate.resumeRates.map(formatInt).join(', ')};
        sessions off {rate.plainRates.map(formatInt).join(', ')}.{' '}
        {rate.interval ? (
          <>
            Ratio: <strong>{formatInterval(rate.interval)}</strong>, the median of {rate.interval.rounds} rounds and its 95% interval.
          </>
        ) : (
          <>
            Median ratio: <strong>{rate.ratioMedian.toFixed(2)}x</strong>.
          </>
        )}
      </p>
    </>
  );
}
