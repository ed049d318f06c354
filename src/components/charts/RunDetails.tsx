/**
 * Where and how the figures were measured: date, machine, versions, the size
 * of the run, and the command that reproduces it; the load generator's check;
 * the docs build costs.
 */
import type {ReactNode} from 'react';
import CodeBlock from '@theme/CodeBlock';
import {FiguresTable, ScrollRegion, styles} from './ChartFrame';
import {roundsOf} from './ThroughputChart';
import {formatDate, formatDecimal, formatInt, memoryMarks, type BenchResults, type CommandCost, type ThroughputResults} from './types';

const runCaption = 'The machine, versions and size of the benchmark run shown on this page';

export default function RunDetails({results}: {results: BenchResults}): ReactNode {
  const {machine} = results;
  const rounds = roundsOf(results.throughput);
  const edits = Math.max(0, ...results.underLoad.map((result) => result.edits));
  const reloads = Math.max(0, ...results.latency.map((result) => result.samples.length));
  const marks = memoryMarks(results.memory);
  const rows: [string, ReactNode][] = [
    ['Date', formatDate(results.date)],
    ['Machine', `${machine.cpus} CPU${machine.cpus === 1 ? '' : 's'}${machine.cpuModel ? ` (${machine.cpuModel})` : ''}, ${machine.memoryGB} GB of memory`],
    ['Bun', `${machine.bun} (the bun --hot and bun --watch contenders, raw Bun.serve, Hono, Elysia)`],
    ['Node.js', `${machine.node} (the node --watch contender)`],
    ['Hono', machine.hono],
    ['Elysia', machine.elysia],
    [
      'Size of the run',
      `${rounds} throughput round${rounds === 1 ? '' : 's'} of ${results.throughput.roundSeconds ?? 2} s; ${edits} edits per contender under load; ` +
        `${reloads} timed reloads per contender; memory read after ${marks.map(formatInt).join(', ') || 'no'} reloads`,
    ],
  ];
  return (
    <>
      <ScrollRegion label={runCaption}>
        <table className={styles.table} data-run-details="">
          <caption className={styles.srOnly}>{runCaption}</caption>
          <tbody>
            {rows.map(([name, value]) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                <td>{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      <CodeBlock language="bash" title="Reproduce every figure on this page">
        npm run bench
      </CodeBlock>
    </>
  );
}

/** What wrk's CPU share says about the throughput figures. */
export function GeneratorCheck({throughput}: {throughput: ThroughputResults}): ReactNode {
  const {wrkCpuMax, wrkPairCpuMax, pipelineDepth, aloneRawRps, unpipelinedRawRps} = throughput.generator;
  const percent = (share: number) => `${Math.round(share * 100)}%`;
  return (
    <p data-generator-check="">
      In this run, each wrk used at most <strong>{percent(wrkCpuMax)}</strong> of the load generator's core, and the two
      of a pair together at most <strong>{percent(wrkPairCpuMax)}</strong>.{' '}
      {wrkPairCpuMax < 0.9
        ? 'They had room to spare: the load generator was not what limited the figures above.'
        : 'That is close to a full core: wrk itself may have been the limit, and the fastest servers may be faster than shown.'}{' '}
      Every figure was measured with wrk pipelining {pipelineDepth} requests per connection, which cuts its own work per
      request. Alone on its core, raw Bun.serve's plain route answered {formatInt(aloneRawRps)} requests/s that way, and{' '}
      {formatInt(unpipelinedRawRps)} requests/s with requests sent one at a time.
    </p>
  );
}

/** The docs build and sandbox check costs, as recorded. */
export function DocsCostsTable({docs}: {docs: CommandCost[]}): ReactNode {
  return (
    <FiguresTable
      id="docs"
      caption="Time, peak memory and outcome of the docs build and the sandbox check"
      rowKey={(cost) => cost.name}
      rows={docs}
      columns={[
        {header: 'Command', cell: (cost: CommandCost) => cost.name},
        {header: 'Time (s)', numeric: true, cell: (cost) => formatDecimal(cost.seconds, 1)},
        {header: 'Peak memory (MB)', numeric: true, cell: (cost) => formatInt(cost.peakMB)},
        {header: 'Succeeded', cell: (cost) => (cost.ok ? 'yes' : 'no')},
      ]}
    />
  );
}
