/**
 * A horizontal grouped bar chart, rendered as SVG on the server: one group of
 * bars per row label, one bar per series, each with its value written at its
 * end and a <title> for the pointer. Missing values (undefined) draw no bar. A bar with a range
 * gets a whisker from its low end to its high end (a 95% interval), and a goal a dashed line.
 */
import type {ReactNode} from 'react';
import {ChartSvg, styles, toneClass, type Series} from './ChartFrame';
import {compact, fitText, makeScale, textWidth, type ScaleKind} from './scale';

export interface BarGroup {
  label: string;
  /** One value per series, in the series' order. */
  values: (number | undefined)[];
  /** The 95% interval of each value, in the same order, where there is one. */
  ranges?: ({low: number; high: number} | undefined)[];
}

export interface BarChartProps {
  /** `data-chart` of the SVG. */
  id: string;
  /** The SVG's <title>. */
  title: string;
  /** aria-label: what the chart shows, in one sentence, and where the figures are. */
  summary: string;
  series: Series[];
  groups: BarGroup[];
  /** The unit written under the axis, e.g. "requests/s". */
  unit: string;
  /** A value as written at the end of its bar and in its title. */
  format: (value: number) => string;
  scale?: ScaleKind;
  /** A target, drawn as a dashed line across the groups. */
  goal?: number;
  /** A range as written after its value, in parentheses: "0.95-0.99" by default, from `format`. */
  formatRange?: (low: number, high: number) => string;
}

const WIDTH = 720;
const TOP = 8;
const GROUP_GAP = 14;
const AXIS_HEIGHT = 40;

export function BarChart({id, title, summary, series, groups, unit, format, scale = 'linear', goal, formatRange = (low, high) => `${format(low)}-${format(high)}`}: BarChartProps): ReactNode {
  const values = groups.flatMap((group) => group.values.filter((value): value is number => value !== undefined));
  const highs = groups.flatMap((group) => (group.ranges ?? []).flatMap((range) => (range ? [range.high] : [])));
  const barHeight = series.length > 1 ? 16 : 20;
  const barGap = 3;
  const groupHeight = series.length * (barHeight + barGap) - barGap;
  const labelWidth = Math.min(260, Math.max(90, ...groups.map((group) => textWidth(group.label) + 14)));
  const label = (value: number, range?: {low: number; high: number}) => (range ? `${format(value)} (${formatRange(range.low, range.high)})` : format(value));
  const valueRoom = Math.max(40, ...groups.flatMap((group) => group.values.flatMap((value, index) => (value === undefined ? [] : [textWidth(label(value, group.ranges?.[index])) + 10]))));
  const plotLeft = labelWidth;
  const plotRight = WIDTH - valueRoom;
  const plotBottom = TOP + groups.length * groupHeight + Math.max(0, groups.length - 1) * GROUP_GAP;
  const height = plotBottom + AXIS_HEIGHT;
  const x = makeScale(scale, [...values, ...highs, ...(goal === undefined ? [] : [goal])], plotLeft, plotRight);

  return (
    <ChartSvg id={id} title={title} summary={summary} width={WIDTH} height={height}>
      {x.ticks.map((tick) => (
        <g key={tick}>
          <line className={styles.grid} x1={x.at(tick)} x2={x.at(tick)} y1={TOP - 4} y2={plotBottom + 4} />
          <text className={styles.muted} x={x.at(tick)} y={plotBottom + 18} textAnchor="middle">
            {compact(tick)}
          </text>
        </g>
      ))}
      <text className={styles.muted} x={plotRight} y={plotBottom + 34} textAnchor="end">
        {scale === 'log' ? `${unit} (logarithmic scale)` : unit}
      </text>
      {groups.map((group, groupIndex) => {
        const groupTop = TOP + groupIndex * (groupHeight + GROUP_GAP);
        return (
          <g key={group.label} data-group={group.label}>
            <text x={labelWidth - 10} y={groupTop + groupHeight / 2} dy="0.35em" textAnchor="end">
              <title>{group.label}</title>
              {fitText(group.label, labelWidth - 14)}
            </text>
            {series.map((item, seriesIndex) => {
              const value = group.values[seriesIndex];
              if (value === undefined) return null;
              const y = groupTop + seriesIndex * (barHeight + barGap);
              const end = x.at(value);
              const range = group.ranges?.[seriesIndex];
              const textAt = Math.max(end, range ? x.at(range.high) : end) + 5;
              return (
                <g key={item.label} className={toneClass[item.tone]}>
                  <rect
                    className={styles.bar}
                    data-bar=""
                    data-series={item.label}
                    data-value={value}
                    x={plotLeft}
                    y={y}
                    width={Math.max(0, end - plotLeft)}
                    height={barHeight}
                    rx={2}>
                    <title>{`${group.label}, ${item.label}: ${label(value, range)}`}</title>
                  </rect>
                  {range && (
                    <g data-whisker="" data-low={range.low} data-high={range.high}>
                      <line className={styles.whisker} x1={x.at(range.low)} x2={x.at(range.high)} y1={y + barHeight / 2} y2={y + barHeight / 2} />
                      <line className={styles.whisker} x1={x.at(range.low)} x2={x.at(range.low)} y1={y + 3} y2={y + barHeight - 3} />
                      <line className={styles.whisker} x1={x.at(range.high)} x2={x.at(range.high)} y1={y + 3} y2={y + barHeight - 3} />
                    </g>
                  )}
                  <text x={textAt} y={y + barHeight / 2} dy="0.35em">
                    {label(value, range)}
                  </text>
                </g>
              );
            })}
          </g>
        );
      })}
      {goal !== undefined && <line className={styles.goal} data-goal={goal} x1={x.at(goal)} x2={x.at(goal)} y1={TOP - 4} y2={plotBottom + 4} />}
      <line className={styles.axis} x1={plotLeft} x2={plotLeft} y1={TOP - 4} y2={plotBottom + 4} />
    </ChartSvg>
  );
}
