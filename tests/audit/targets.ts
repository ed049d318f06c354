/**
 * What `npm run audit` expects of every page, and how it sums up several
 * Lighthouse runs: the median of each figure, compared with the targets.
 * Kept apart from the runner so that tests/audit/targets.test.ts can check it.
 */

export type FormFactor = 'mobile' | 'desktop';
export const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
export type Category = (typeof CATEGORIES)[number];

/** One Lighthouse run of one page: scores 0-100, Total Blocking Time in ms. */
export type RunFigures = Record<Category, number> & {tbt: number};

/** The lowest score each category may have, per form factor. */
export const TARGETS: Record<FormFactor, Record<Category, number>> = {
  mobile: {performance: 95, accessibility: 100, 'best-practices': 100, seo: 100},
  desktop: {performance: 98, accessibility: 100, 'best-practices': 100, seo: 100},
};

/** The median of some numbers (the mean of the two middle ones for an even count). */
export function median(values: number[]): number {
  if (values.length === 0) throw new Error('jopi-docs audit: no value to take the median of.');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The median of each figure over several runs of the same page and form factor. */
export function medianFigures(runs: RunFigures[]): RunFigures {
  const pick = (key: keyof RunFigures) => median(runs.map((run) => run[key]));
  return {
    performance: pick('performance'),
    accessibility: pick('accessibility'),
    'best-practices': pick('best-practices'),
    seo: pick('seo'),
    tbt: pick('tbt'),
  };
}

/** What misses its target, as readable lines ("mobile performance 84 < 95"); empty when all pass. */
export function missedTargets(formFactor: FormFactor, figures: RunFigures): string[] {
  return CATEGORIES.filter((category) => figures[category] < TARGETS[formFactor][category]).map(
    (category) => `${formFactor} ${category} ${figures[category]} < ${TARGETS[formFactor][category]}`,
  );
}
