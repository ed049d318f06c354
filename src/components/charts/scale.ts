/**
 * Axis arithmetic for the SVG charts: round tick values and the mapping from a
 * value to a position, on a linear or a logarithmic axis.
 */

export type ScaleKind = 'linear' | 'log';

export interface Scale {
  /** Position of `value` between `from` and `to` (values off the axis are clamped). */
  at: (value: number) => number;
  ticks: number[];
}

/** 0, then round steps (1, 2, 2.5 or 5 times a power of ten) up to at least `max`. */
export function linearTicks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / magnitude;
  const step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10) * magnitude;
  const ticks: number[] = [];
  for (let i = 0; ticks.length === 0 || ticks.at(-1)! < max; i++) ticks.push(round(i * step));
  return ticks;
}

/**
 * Powers of ten around the positive values. The first is below the smallest value, even one that
 * is itself a power of ten: a bar of 1 on an axis starting at 1 would have no length.
 */
export function logTicks(values: number[]): number[] {
  const positive = values.filter((value) => value > 0);
  if (positive.length === 0) return [1, 10];
  let low = Math.ceil(Math.log10(Math.min(...positive))) - 1;
  const high = Math.max(low + 1, Math.ceil(Math.log10(Math.max(...positive))));
  const ticks: number[] = [];
  for (; low <= high; low++) ticks.push(round(10 ** low));
  return ticks;
}

/** A scale over `values` mapped onto the pixels from `from` to `to`. */
export function makeScale(kind: ScaleKind, values: number[], from: number, to: number): Scale {
  if (kind === 'log') {
    const ticks = logTicks(values);
    const low = Math.log10(ticks[0]!);
    const high = Math.log10(ticks.at(-1)!);
    return {
      ticks,
      at: (value) => (value <= 0 ? from : from + ((clamp(Math.log10(value), low, high) - low) / (high - low)) * (to - from)),
    };
  }
  const ticks = linearTicks(Math.max(0, ...values));
  const high = ticks.at(-1)!;
  return {ticks, at: (value) => from + (clamp(value, 0, high) / high) * (to - from)};
}

/** 1200 -> "1.2k", 45000 -> "45k", 2.5 -> "2.5". For tick labels, where space is short. */
export function compact(value: number): string {
  if (Math.abs(value) >= 1_000_000) return `${round(value / 1_000_000)}M`;
  if (Math.abs(value) >= 1_000) return `${round(value / 1_000)}k`;
  return String(round(value));
}

/** An estimate of a label's width in pixels at the charts' 13 px font (SSR cannot measure text). */
export function textWidth(text: string): number {
  return text.length * 7.4;
}

/** `text` as it fits in `width` pixels: whole, or cut with an ellipsis (the full text goes in a <title>). */
export function fitText(text: string, width: number): string {
  if (textWidth(text) <= width) return text;
  return `${text.slice(0, Math.max(0, Math.floor(width / textWidth('x')) - 1)).trimEnd()}…`;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

/** Removes floating point noise: 0.30000000000000004 -> 0.3. */
function round(value: number): number {
  return Number(value.toPrecision(12));
}
