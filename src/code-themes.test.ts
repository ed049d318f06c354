/**
 * Every token colour of the code themes reads at 4.5:1 or more (WCAG AA, normal
 * text) on the code background and on a highlighted line, in light and dark
 * mode; and the site uses these themes.
 */
import {describe, expect, test} from 'bun:test';
import fs from 'node:fs';
import path from 'node:path';
import type {PrismTheme} from 'prism-react-renderer';
import config from '../docusaurus.config';
import {darkCodeTheme, lightCodeTheme} from './code-themes';
import {contrastRatio, over, parseColor} from './contrast';

const css = fs.readFileSync(path.join(import.meta.dir, 'css/custom.css'), 'utf8');

/** The value of a CSS custom property inside the first rule whose selector is `selector`. */
function cssVariable(selector: string, name: string): string {
  const start = css.indexOf(`${selector} {`);
  expect(start, `no "${selector} {" rule in src/css/custom.css`).toBeGreaterThanOrEqual(0);
  const block = css.slice(start, css.indexOf('}', start));
  const value = new RegExp(`${name}:\\s*([^;]+);`).exec(block)?.[1];
  expect(value, `${name} is not set in the "${selector}" rule of src/css/custom.css`).toBeDefined();
  return value!;
}

/** Each colour the theme paints text with, and where it comes from. */
function textColours(theme: PrismTheme): [string, string][] {
  const colours: [string, string][] = [['plain', theme.plain.color!]];
  for (const {types, style, languages} of theme.styles) {
    expect(style.opacity, `${types.join(',')}: translucent text loses contrast`).toBeUndefined();
    if (style.color) colours.push([`${types.join(',')}${languages ? ` (${languages.join(',')})` : ''}`, style.color]);
  }
  return colours;
}

const modes = [
  {mode: 'light', theme: lightCodeTheme, selector: ':root'},
  {mode: 'dark', theme: darkCodeTheme, selector: "[data-theme='dark']"},
];

describe.each(modes)('the $mode code theme', ({mode, theme, selector}) => {
  const background = parseColor(theme.plain.backgroundColor!);
  const highlighted = over(parseColor(cssVariable(selector, '--docusaurus-highlighted-code-line-bg')), background);

  test('every token reaches 4.5:1 on a normal and on a highlighted line', () => {
    const failing: string[] = [];
    const figures: string[] = [];
    for (const [types, colour] of textColours(theme)) {
      const normal = contrastRatio(parseColor(colour), background);
      const onHighlight = contrastRatio(parseColor(colour), highlighted);
      figures.push(`${colour} ${normal.toFixed(2)}/${onHighlight.toFixed(2)} ${types}`);
      if (Math.min(normal, onHighlight) < 4.5) failing.push(`${types}: ${colour} is ${normal.toFixed(2)}:1 on a line, ${onHighlight.toFixed(2)}:1 on a highlighted line`);
    }
    if (process.env.SHOW_CONTRAST) console.log(`${mode}:\n  ${figures.join('\n  ')}`);
    expect(failing).toEqual([]);
  });

  test('the highlighted line stands out from the others', () => {
    expect(contrastRatio(highlighted, background)).toBeGreaterThan(1.1);
  });
});

test('the site uses these themes', () => {
  const prism = (config.themeConfig as {prism: {theme: PrismTheme; darkTheme: PrismTheme}}).prism;
  expect(prism.theme).toBe(lightCodeTheme);
  expect(prism.darkTheme).toBe(darkCodeTheme);
});

test("before any script runs, dark-mode code blocks take the dark theme's block colours (src/css/custom.css)", () => {
  const selector = "[data-theme='dark'] .theme-code-block";
  const value = (name: string) => parseColor(cssVariable(selector, name).replace('!important', '').trim());
  expect(value('--prism-color')).toEqual(parseColor(darkCodeTheme.plain.color!));
  expect(value('--prism-background-color')).toEqual(parseColor(darkCodeTheme.plain.backgroundColor!));
});
