/**
 * Each token gets, for each colour mode, the colour and font style that
 * prism-react-renderer itself gives it with that mode's theme: the theme's own
 * Highlight renders real example files and every token is compared.
 */
import {describe, expect, test} from 'bun:test';
import fs from 'node:fs';
import path from 'node:path';
import {createElement, Fragment} from 'react';
import {renderToStaticMarkup} from 'react-dom/server';
import {Highlight, type PrismTheme, type Token} from 'prism-react-renderer';
import {tokenColours} from './code-colours';
import {darkCodeTheme, lightCodeTheme} from './code-themes';

const sandbox = path.join(import.meta.dir, '../sandbox');
const files = ['hello/index.ts', 'chat/index.ts', 'cache-compression/index.ts'].map((file) => fs.readFileSync(path.join(sandbox, file), 'utf8'));

type Seen = {types: string[]; color?: string; fontStyle?: string};

/** Every token of `code` with the style prism-react-renderer gives it under `theme`. */
function tokensOf(code: string, theme: PrismTheme): Seen[] {
  const seen: Seen[] = [];
  renderToStaticMarkup(
    createElement(Highlight, {
      theme,
      code,
      language: 'tsx',
      children: ({tokens, getTokenProps}) => {
        tokens.flat().forEach((token: Token) => {
          const {style} = getTokenProps({token});
          seen.push({types: token.types, color: style?.color, fontStyle: style?.fontStyle});
        });
        return createElement(Fragment);
      },
    }),
  );
  return seen;
}

describe.each([
  {mode: 'light', theme: lightCodeTheme},
  {mode: 'dark', theme: darkCodeTheme},
])('in $mode mode', ({mode, theme}) => {
  test('every token of three example files has the colour and font style of the theme', () => {
    const wrong: string[] = [];
    let compared = 0;
    for (const code of files) {
      for (const token of tokensOf(code, theme)) {
        const properties = tokenColours(token.types) as Record<string, string | undefined>;
        const got = {color: properties[`--code-${mode}-color`], fontStyle: properties[`--code-${mode}-font-style`]};
        compared++;
        if (got.color !== token.color || got.fontStyle !== token.fontStyle) {
          wrong.push(`${token.types.join(' ')}: ${JSON.stringify(got)}, the theme says ${JSON.stringify({color: token.color, fontStyle: token.fontStyle})}`);
        }
      }
    }
    expect(compared).toBeGreaterThan(300);
    expect([...new Set(wrong)]).toEqual([]);
  });
});

test('the two modes differ where the themes do', () => {
  expect(tokenColours(['comment'])).toMatchObject({
    '--code-light-color': lightCodeTheme.styles.find((entry) => entry.types.includes('comment'))!.style.color,
    '--code-dark-color': darkCodeTheme.styles.find((entry) => entry.types.includes('comment'))!.style.color,
  });
  expect(tokenColours(['plain'])).toEqual({});
});
