import {expect, test} from 'bun:test';
import {fitText, linearTicks, logTicks, makeScale, textWidth} from './scale';

test('a log axis starts below the smallest value, so that every bar has a length', () => {
  expect(logTicks([1, 1.4, 276])).toEqual([0.1, 1, 10, 100, 1000]);
  expect(logTicks([1.3, 2.5])).toEqual([1, 10]);
  const x = makeScale('log', [1, 276], 0, 100);
  expect(x.at(1)).toBeGreaterThan(x.at(0.1));
});

test('a linear axis goes from 0 to a round step at or above the largest value', () => {
  expect(linearTicks(112_893)).toEqual([0, 25_000, 50_000, 75_000, 100_000, 125_000]);
});

test('a label too long for its room is cut with an ellipsis, and one that fits is left whole', () => {
  expect(fitText('raw Bun.serve, bun --hot', 246)).toBe('raw Bun.serve, bun --hot');
  const cut = fitText('raw Bun.serve + a one-line module, bun --hot', 246);
  expect(cut.endsWith('…')).toBe(true);
  expect(textWidth(cut)).toBeLessThanOrEqual(246);
});
