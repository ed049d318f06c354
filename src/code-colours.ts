/**
 * Token colours for both colour modes at once, so that the server's HTML of a
 * code block is right in either mode and no block is drawn again.
 *
 * The server renders once, with no idea of the reader's colour mode; the
 * theme's tokens carry that render's prism theme as inline colours, so a
 * dark-mode reader saw light code until the scripts had run and every block
 * had been drawn again (one task of about 230 ms on a phone's CPU on the
 * hot-reload page). Instead each token carries both answers as custom
 * properties, worked out the way prism-react-renderer merges a token's types
 * (each later type's style over the earlier ones'), and src/css/custom.css
 * picks one by html[data-theme].
 */
import type {CSSProperties} from 'react';
import type {PrismTheme} from 'prism-react-renderer';
import {darkCodeTheme, lightCodeTheme} from './code-themes';

type TokenStyle = {color?: string; fontStyle?: string};

const modes = {light: lightCodeTheme, dark: darkCodeTheme};

/** Each token type's style in a theme, its entries merged in order, as prism-react-renderer does. */
function styleByType(theme: PrismTheme): Map<string, TokenStyle> {
  const byType = new Map<string, TokenStyle>();
  for (const {types, style, languages} of theme.styles) {
    const unknown = Object.keys(style).filter((key) => key !== 'color' && key !== 'fontStyle');
    if (languages || unknown.length > 0) {
      throw new Error(
        `jopi-docs: code theme entry ${types.join(',')} uses ${languages ? 'languages' : unknown.join(', ')}, ` +
          'which src/code-colours.ts does not carry into both colour modes: add it there.',
      );
    }
    for (const type of types) byType.set(type, {...byType.get(type), ...(style as TokenStyle)});
  }
  return byType;
}

const byMode = {light: styleByType(modes.light), dark: styleByType(modes.dark)};
const known = new Map<string, CSSProperties>();

/**
 * The custom properties that colour a token of these types in each mode:
 * `--code-light-color`, `--code-dark-color`, and `--code-{mode}-font-style`
 * when the theme sets one. A property left out falls back to the line's colour.
 *
 * @example <span className="token comment" style={tokenColours(['comment'])}>// note</span>
 * @see https://github.com/jopi-rewrite/jopi-docs#page-speed-audit
 */
export function tokenColours(types: readonly string[]): CSSProperties {
  const key = types.join(' ');
  let properties = known.get(key);
  if (!properties) {
    const found: Record<string, string> = {};
    for (const mode of ['light', 'dark'] as const) {
      const style: TokenStyle = Object.assign({}, ...types.map((type) => byMode[mode].get(type)));
      if (style.color) found[`--code-${mode}-color`] = style.color;
      if (style.fontStyle) found[`--code-${mode}-font-style`] = style.fontStyle;
    }
    properties = found as CSSProperties;
    known.set(key, properties);
  }
  return properties;
}
