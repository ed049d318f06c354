import {describe, expect, test} from 'bun:test';
import {median, medianFigures, missedTargets, type RunFigures} from './targets';

const run = (performance: number, tbt: number, accessibility = 100): RunFigures => ({
  performance,
  accessibility,
  'best-practices': 100,
  seo: 100,
  tbt,
});

describe('audit targets', () => {
  test('the median of three runs is the middle one, whatever their order', () => {
    expect(median([97, 60, 91])).toBe(91);
    expect(median([40, 10])).toBe(25);
    expect(() => median([])).toThrow('no value');
  });

  test('each figure takes its own median: one bad run does not fail a page', () => {
    expect(medianFigures([run(95, 30), run(52, 2400), run(93, 80)])).toEqual(run(93, 80));
  });

  test('a page misses a target when a median is below it, per form factor', () => {
    expect(missedTargets('mobile', run(95, 100))).toEqual([]);
    expect(missedTargets('desktop', run(97, 0))).toEqual(['desktop performance 97 < 98']);
    expect(missedTargets('mobile', run(94, 0, 96))).toEqual(['mobile performance 94 < 95', 'mobile accessibility 96 < 100']);
  });
});
