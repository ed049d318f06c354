/**
 * The code highlighting themes of the site: prism-react-renderer's GitHub
 * (light) and Dracula (dark), with every token colour that read below WCAG's
 * 4.5:1 for normal text made darker (light) or lighter (dark), hue kept.
 * The ratio must hold on a normal line and on a highlighted line, whose
 * background (--docusaurus-highlighted-code-line-bg in src/css/custom.css) is
 * a shade over the code background: src/code-themes.test.ts computes both.
 */
import {themes, type PrismTheme} from 'prism-react-renderer';

/** Token colours that replace the originals, by original colour. */
type Retint = Record<string, string>;

function retint(theme: PrismTheme, colours: Retint): PrismTheme {
  const fix = (colour: string | undefined) => (colour && colours[colour.replaceAll(' ', '').toLowerCase()]) ?? colour;
  return {
    plain: {...theme.plain, color: fix(theme.plain.color)},
    styles: theme.styles.map((entry) => {
      // GitHub draws namespaces at 70% opacity: on a highlighted line that is 3.9:1.
      const {opacity: _, ...style} = entry.style;
      return {...entry, style: {...style, color: fix(style.color)}};
    }),
  };
}

/**
 * Light code theme: GitHub with darker comments, strings, numbers, attributes and functions
 * (from 2.6-4.3:1 to at least 4.6:1 on #f6f8fa and on the highlighted line).
 *
 * @example prism: {theme: lightCodeTheme, darkTheme: darkCodeTheme}
 * @see https://docusaurus.io/docs/api/themes/configuration#theme
 */
export const lightCodeTheme: PrismTheme = retint(themes.github, {
  '#999988': '#626257', // comment
  '#e3116c': '#bc0e5a', // string
  '#36acaa': '#216b69', // number, constant, property
  '#00a4db': '#00698c', // at-rule, attribute name
  '#d73a49': '#b2303d', // function, tag
});

/**
 * Dark code theme: Dracula with a lighter comment colour (3.0:1 before, 4.6:1 now).
 *
 * @example prism: {theme: lightCodeTheme, darkTheme: darkCodeTheme}
 * @see https://docusaurus.io/docs/api/themes/configuration#theme
 */
export const darkCodeTheme: PrismTheme = retint(themes.dracula, {
  'rgb(98,114,164)': '#8692b9', // comment
});
