import {expect, test} from 'bun:test';
import {linearTicks, logTicks, makeScale} from './scale';

test('a log axis starts below the smallest value, so that every bar has a length', () => {
  expect(logTicks([1, 1.4, 276])).toEqual([0.1, 1, 10, 100, 1000]);
  expect(logTicks([1.3, 2.5])).toEqual([1, 10]);
  const x = makeScale('log', [1, 276], 0, 100);
  expect(x.at(1)).toBeGreaterThan(x.at(0.1));
});

test('a linear axis goes from 0 to a round step at or above the largest value', () => {
  expect(linearTicks(112_893)).toEqual([0, 25_000, 50_000, 75_000, 100_000, 125_000]);
});
