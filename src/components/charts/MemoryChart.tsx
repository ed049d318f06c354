/**
 * Resident memory (RSS) after 100, 400 and 1000 reloads, one line per app; the
 * table adds the JavaScript heap in use at the same moments.
 */
import type {ReactNode} from 'react';
import {ChartFrame, FiguresTable, styles, tonesFor} from './ChartFrame';
import {LineChart, type LineSeries} from './LineChart';
import {formatDecimal, formatInt, memoryMarks, type MemoryResult} from './types';

const mb = (value: number) => `${formatDecimal(value, 1)} MB`;
const DASHES = [undefined, '7 4', '2 4'];

export default function MemoryChart({memory}: {memory: MemoryResult[]}): ReactNode {
  const marks = memoryMarks(memory);
  const tones = tonesFor(memory.map((result) => result.name), ['orange', 'blue', 'purple']);
  const series: LineSeries[] = memory.map((result, index) => ({
    label: result.name,
    tone: tones[index]!,
    dash: DASHES[index % DASHES.length],
    points: result.marks.map((mark) => ({
      x: mark.reloads,
      y: mark.rssMB,
      title: `${result.name}, after ${formatInt(mark.reloads)} reloads: ${mb(mark.rssMB)} RSS, ${mb(mark.heapMB)} heap`,
    })),
  }));
  /** RSS, with the heap under it, after `reloads` reloads. */
  const at = (result: MemoryResult, reloads: number): ReactNode => {
    const mark = result.marks.find((m) => m.reloads === reloads);
    if (!mark) return 'not measured';
    return (
      <>
        {mb(mark.rssMB)}
        <span className={styles.sub}>heap {mb(mark.heapMB)}</span>
      </>
    );
  };
  return (
    <ChartFrame
      id="memory"
      series={series}
      lines
      caption={<>Resident memory (RSS) of the process after each number of reloads, read after a full garbage collection; flatter is better. The table also gives the JavaScript heap in use.</>}
      table={
        <FiguresTable
          id="memory"
          caption="RSS and, under it, the JavaScript heap in use after each number of reloads, per app"
          rowKey={(result) => result.name}
          rows={memory}
          columns={[
            {header: 'App', cell: (result: MemoryResult) => result.name},
            ...marks.map((reloads) => ({header: `After ${formatInt(reloads)} reloads`, numeric: true, cell: (result: MemoryResult) => at(result, reloads)})),
          ]}
        />
      }>
      <LineChart
        id="memory"
        title="RSS over reloads per app"
        summary={`Line chart of the resident memory (RSS) after ${marks.map(formatInt).join(', ')} reloads, for ${memory.map((result) => result.name).join(', ')}. The figures are in the table below.`}
        series={series}
        xTicks={marks}
        xUnit="reloads"
        yUnit="RSS, MB"
        format={mb}
      />
    </ChartFrame>
  );
}
