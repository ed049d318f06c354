/**
 * Long-lived connections while the app is rewritten: what the clients of 200
 * WebSockets and 50 event streams saw, per way of running the app, then the
 * WebSocket message rate against raw Bun.serve. Results written before this
 * was measured have no such figures: the page says so instead of failing.
 */
import type {ReactNode} from 'react';
import {FiguresTable, styles} from './ChartFrame';
import {formatDecimal, formatInt, formatInterval, type BenchResults, type LongLivedResult} from './types';

export default function LongLivedTable({longLived}: {longLived: BenchResults['longLived']}): ReactNode {
  if (!longLived) {
    return <p data-long-lived-missing="">These figures are not in the results shown on this page: they were recorded before long-lived connections were measured. The next full run of <code>npm run bench</code> adds them.</p>;
  }
  const {underReloads, rate} = longLived;
  const first = underReloads[0];
  return (
    <>
      <FiguresTable
        id="long-lived"
        caption={`Connections closed, messages and events lost, and p99 echo latency while the app was rewritten ${first?.reloads ?? 0} times, per contender`}
        rowKey={(result) => result.name}
        rows={underReloads}
        columns={[
          {header: 'Contender', cell: (result: LongLivedResult) => result.name},
          {header: 'Sockets closed', numeric: true, cell: (result) => `${formatInt(result.socketsClosed)}`},
          {
            header: 'Messages lost',
            numeric: true,
            cell: (result) => (
              <>
                {formatInt(result.messagesLost)}
                <span className={styles.sub}>of {formatInt(result.messagesSent)}</span>
              </>
            ),
          },
          {header: 'p99 echo', numeric: true, cell: (result) => `${formatDecimal(result.p99Ms)} ms`},
          {header: 'Streams closed', numeric: true, cell: (result) => formatInt(result.streamsClosed)},
          {
            header: 'Events lost',
            numeric: true,
            cell: (result) => (
              <>
                {formatInt(result.eventsLost)}
                <span className={styles.sub}>of {formatInt(result.events + result.eventsLost)}</span>
              </>
            ),
          },
        ]}
      />
      <p data-socket-rate="">
        WebSocket echoes per CPU second of the server, round by round: Jopi Rewrite {rate.jopiRates.map(formatInt).join(', ')};
        raw <code>Bun.serve</code> {rate.rawRates.map(formatInt).join(', ')}.{' '}
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
