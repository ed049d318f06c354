/**
 * The editor colours code as the static blocks do: the same colours, in both
 * modes, and on real example files each token the editor colours gets the
 * colour prism gives the same text in a static block.
 */
import {describe, expect, test} from 'bun:test';
import fs from 'node:fs';
import path from 'node:path';
import {createElement, Fragment} from 'react';
import {renderToStaticMarkup} from 'react-dom/server';
import {Highlight, type Token} from 'prism-react-renderer';
import {typescriptLanguage} from '@codemirror/lang-javascript';
import {highlightTree} from '@lezer/highlight';
import {darkCodeTheme, lightCodeTheme} from '../../../code-themes';
import {contrastRatio, parseColor} from '../../../contrast';
import {tokenColours} from '../../../code-colours';
import {siteHighlightStyle} from './highlight-style';

const sandbox = path.join(import.meta.dir, '../../../../sandbox');
const files = ['hello/index.ts', 'chat/index.ts', 'cache-compression/index.ts'].map((file) => fs.readFileSync(path.join(sandbox, file), 'utf8'));

/** The custom properties each class of the highlight style sets, read from its CSS. */
function propertiesByClass(): Map<string, Record<string, string>> {
  const rules = siteHighlightStyle.module!.getRules();
  const found = new Map<string, Record<string, string>>();
  for (const [, name, body] of rules.matchAll(/\.([^\s{]+)\s*\{([^}]*)\}/g)) {
    found.set(name!, Object.fromEntries(body!.split(';').map((part) => part.split(':').map((side) => side.trim())).filter(([key]) => key)));
  }
  return found;
}

/** Each span the editor colours in `code`: its offsets and the custom properties it gets. */
function editorTokens(code: string): {from: number; to: number; properties: Record<string, string>}[] {
  const byClass = propertiesByClass();
  const spans: {from: number; to: number; properties: Record<string, string>}[] = [];
  highlightTree(typescriptLanguage.parser.parse(code), siteHighlightStyle, (from, to, classes) => {
    spans.push({from, to, properties: Object.assign({}, ...classes.split(' ').map((name) => byClass.get(name) ?? {}))});
  });
  return spans;
}

/** Each token prism gives `code`, by its start offset, with its types. */
function prismTokens(code: string): Map<number, {text: string; types: string[]}> {
  const found = new Map<number, {text: string; types: string[]}>();
  renderToStaticMarkup(
    createElement(Highlight, {
      theme: lightCodeTheme,
      code,
      language: 'tsx',
      children: ({tokens}) => {
        let offset = 0;
        tokens.forEach((line: Token[]) => {
          // An empty line is one token of content "\n", which is not in the code.
          for (const token of line.filter((token) => !token.empty)) {
            found.set(offset, {text: token.content, types: token.types});
            offset += token.content.length;
          }
          offset += 1;
        });
        return createElement(Fragment);
      },
    }),
  );
  return found;
}

test("every colour the editor sets is one of the site's code colours, and reads at 4.5:1 on its mode's code background", () => {
  const theme = {light: lightCodeTheme, dark: darkCodeTheme};
  const allowed = {light: new Set(lightCodeTheme.styles.map((entry) => entry.style.color)), dark: new Set(darkCodeTheme.styles.map((entry) => entry.style.color))};
  const seen: string[] = [];
  for (const properties of propertiesByClass().values()) {
    for (const mode of ['light', 'dark'] as const) {
      const colour = properties[`--code-${mode}-color`];
      if (!colour) continue;
      seen.push(colour);
      expect(allowed[mode].has(colour), `${colour} is not a ${mode} theme colour`).toBe(true);
      expect(contrastRatio(parseColor(colour), parseColor(theme[mode].plain.backgroundColor!))).toBeGreaterThanOrEqual(4.5);
    }
  }
  expect(seen.length).toBeGreaterThan(10);
});

const plain = {light: lightCodeTheme.plain.color!, dark: darkCodeTheme.plain.color!};

describe.each(['light', 'dark'] as const)('in %s mode', (mode) => {
  test('a token the editor colours has the colour and font style prism gives the same text', () => {
    const wrong: string[] = [];
    let compared = 0;
    for (const code of files) {
      const prism = prismTokens(code);
      for (const {from, to, properties} of editorTokens(code)) {
        const token = prism.get(from);
        if (!token || token.text.trimEnd().length !== to - from) continue;
        const expected = tokenColours(token.types) as Record<string, string | undefined>;
        compared++;
        // A token without a colour of its own is drawn in the line's colour.
        const drawn = (properties: Record<string, string | undefined>) => {
          const colour = parseColor(properties[`--code-${mode}-color`] ?? plain[mode]);
          return `${colour.r},${colour.g},${colour.b} ${properties[`--code-${mode}-font-style`] ?? 'normal'}`;
        };
        if (drawn(properties) !== drawn(expected)) wrong.push(`"${code.slice(from, to)}" (prism: ${token.types.join(' ')}): ${drawn(properties)}, the block's is ${drawn(expected)}`);
      }
    }
    expect(compared).toBeGreaterThan(40);
    expect([...new Set(wrong)]).toEqual([]);
  });
});
