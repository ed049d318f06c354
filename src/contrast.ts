/**
 * WCAG 2 contrast arithmetic, for the tests that keep the site's colours
 * readable (the code themes, against normal and highlighted lines).
 * Colours are CSS hex (#rgb, #rrggbb) or rgb()/rgba() strings.
 */

export type Rgba = {r: number; g: number; b: number; a: number};

/**
 * Parses a CSS hex or rgb()/rgba() colour.
 *
 * @example parseColor('rgba(0, 0, 0, 0.1)') // {r: 0, g: 0, b: 0, a: 0.1}
 * @see https://www.w3.org/TR/WCAG22/#dfn-contrast-ratio
 */
export function parseColor(css: string): Rgba {
  const text = css.trim().toLowerCase();
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/.exec(text)?.[1];
  if (hex) {
    const full = hex.length === 3 ? [...hex].map((digit) => digit + digit).join('') : hex;
    return {r: parseInt(full.slice(0, 2), 16), g: parseInt(full.slice(2, 4), 16), b: parseInt(full.slice(4, 6), 16), a: 1};
  }
  const rgb = /^rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*([\d.]+)\s*)?\)$/.exec(text);
  if (rgb) return {r: Number(rgb[1]), g: Number(rgb[2]), b: Number(rgb[3]), a: rgb[4] === undefined ? 1 : Number(rgb[4])};
  throw new Error(`contrast: cannot read the colour "${css}": write it as #rrggbb, #rgb or rgb(a)(...)`);
}

/**
 * The colour seen when `top` (possibly translucent) is painted over the opaque `bottom`.
 *
 * @example over(parseColor('rgba(0,0,0,0.5)'), parseColor('#ffffff')) // {r: 127.5, g: 127.5, b: 127.5, a: 1}
 * @see https://www.w3.org/TR/compositing-1/#simplealphacompositing
 */
export function over(top: Rgba, bottom: Rgba): Rgba {
  const mix = (a: number, b: number) => a * top.a + b * (1 - top.a);
  return {r: mix(top.r, bottom.r), g: mix(top.g, bottom.g), b: mix(top.b, bottom.b), a: 1};
}

function luminance({r, g, b}: Rgba): number {
  const channel = (value: number) => {
    const c = value / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/**
 * The WCAG contrast ratio of two opaque colours, from 1 to 21. Normal text needs 4.5.
 *
 * @example contrastRatio(parseColor('#767676'), parseColor('#ffffff')) // 4.54
 * @see https://www.w3.org/TR/WCAG22/#dfn-contrast-ratio
 */
export function contrastRatio(a: Rgba, b: Rgba): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}
