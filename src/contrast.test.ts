import {expect, test} from 'bun:test';
import {contrastRatio, over, parseColor} from './contrast';

test('contrast ratios and blends match known WCAG figures', () => {
  expect(contrastRatio(parseColor('#000'), parseColor('#fff'))).toBeCloseTo(21, 5);
  expect(contrastRatio(parseColor('#767676'), parseColor('#ffffff'))).toBeCloseTo(4.54, 2);
  expect(contrastRatio(parseColor('#999988'), parseColor('#f6f8fa'))).toBeCloseTo(2.71, 2); // axe's figure for the old comment colour
  const shaded = over(parseColor('rgba(0, 0, 0, 0.1)'), parseColor('#f6f8fa'));
  expect([shaded.r, shaded.g, shaded.b].map(Math.round)).toEqual([221, 223, 225]); // #dddfe1, as axe reports it
  expect(parseColor('rgb(98, 114, 164)')).toEqual({r: 98, g: 114, b: 164, a: 1});
  expect(() => parseColor('teal')).toThrow(/cannot read the colour "teal"/);
});
