/**
 * A line chart, rendered as SVG on the server: one line per series through its
 * points, each point a circle with a <title>, the last value written at the
 * line's end. Both axes start at 0 and are linear.
 */
import type {ReactNode} from 'react';
import {ChartSvg, styles, toneClass, type Series} from './ChartFrame';
import {compact, linearTicks, makeScale, textWidth} from './scale';
import {formatInt} from './types';

export interface LinePoint {
  x: number;
  y: number;
  /** The point's <title>. */
  title: string;
}

export interface LineSeries extends Series {
  points: LinePoint[];
}

export interface LineChartProps {
  id: string;
  title: string;
  summary: string;
  series: LineSeries[];
  /** Where the x axis is labelled, written in full (the measured positions, typically). */
  xTicks: number[];
  xUnit: string;
  yUnit: string;
  /** A y value as written at the end of a line. */
  format: (value: number) => string;
}

const WIDTH = 720;
const HEIGHT = 320;
const TOP = 28;
const LEFT = 52;
const BOTTOM = 48;
const LABEL_GAP = 14;

/** Moves end labels apart, keeping their order, so that none overlaps another. */
function spread(ys: number[], gap: number): number[] {
  const order = ys.map((y, index) => ({y, index})).sort((a, b) => a.y - b.y);
  for (let i = 1; i < order.length; i++) order[i]!.y = Math.max(order[i]!.y, order[i - 1]!.y + gap);
  const out = new Array<number>(ys.length);
  for (const {y, index} of order) out[index] = y;
  return out;
}

export function LineChart({id, title, summary, series, xTicks, xUnit, yUnit, format}: LineChartProps): ReactNode {
  const points = series.flatMap((line) => line.points);
  const lastValues = series.map((line) => line.points.at(-1));
  const right = WIDTH - Math.max(40, ...lastValues.map((point) => (point ? textWidth(format(point.y)) + 14 : 0)));
  const plotBottom = HEIGHT - BOTTOM;
  // Labelled at the measured positions (xTicks) rather than at round numbers.
  const xAt = makeScale('linear', [...xTicks, ...points.map((point) => point.x)], LEFT, right).at;
  const yTicks = linearTicks(Math.max(0, ...points.map((point) => point.y)));
  const yTop = yTicks.at(-1)!;
  const yAt = (value: number) => plotBottom - (Math.max(0, value) / yTop) * (plotBottom - TOP);
  const labelYs = spread(lastValues.map((point) => (point ? yAt(point.y) : 0)), LABEL_GAP);

  return (
    <ChartSvg id={id} title={title} summary={summary} width={WIDTH} height={HEIGHT}>
      {yTicks.map((tick) => (
        <g key={tick}>
          <line className={styles.grid} x1={LEFT} x2={right} y1={yAt(tick)} y2={yAt(tick)} />
          <text className={styles.muted} x={LEFT - 8} y={yAt(tick)} dy="0.35em" textAnchor="end">
            {compact(tick)}
          </text>
        </g>
      ))}
      <text className={styles.muted} x={LEFT} y={12}>
        {yUnit}
      </text>
      {xTicks.map((tick) => (
        <g key={tick}>
          <line className={styles.axis} x1={xAt(tick)} x2={xAt(tick)} y1={plotBottom} y2={plotBottom + 5} />
          <text className={styles.muted} x={xAt(tick)} y={plotBottom + 19} textAnchor="middle">
            {formatInt(tick)}
          </text>
        </g>
      ))}
      <text className={styles.muted} x={right} y={plotBottom + 38} textAnchor="end">
        {xUnit}
      </text>
      <line className={styles.axis} x1={LEFT} x2={right} y1={plotBottom} y2={plotBottom} />
      {series.map((line, index) => {
        const last = line.points.at(-1);
        return (
          <g key={line.label} className={toneClass[line.tone]} data-series={line.label}>
            <polyline
              className={styles.line}
              strokeDasharray={line.dash}
              points={line.points.map((point) => `${xAt(point.x)},${yAt(point.y)}`).join(' ')}
            />
            {line.points.map((point) => (
              <circle key={point.x} className={styles.point} data-point="" data-value={point.y} cx={xAt(point.x)} cy={yAt(point.y)} r={4.5}>
                <title>{point.title}</title>
              </circle>
            ))}
            {last && (
              <text x={xAt(last.x) + 9} y={labelYs[index]} dy="0.35em">
                {format(last.y)}
              </text>
            )}
          </g>
        );
      })}
    </ChartSvg>
  );
}
