/**
 * The editor's token colours: the site's own, those of the static code blocks,
 * in both colour modes at once. Each Lezer tag is given the prism token types
 * the static blocks would give the same text, and src/code-colours.ts turns
 * those into the `--code-{light,dark}-color` (and font style) custom properties;
 * panel.module.css picks one pair by html[data-theme], as src/css/custom.css
 * does for the blocks. No colour is written here: only the theme's reach the page.
 */
import {HighlightStyle} from '@codemirror/language';
import {tags as t, type Tag} from '@lezer/highlight';
import {tokenColours} from '../../../code-colours';

/** Which prism token types each Lezer tag stands for, the more specific tags last. */
export const PRISM_TYPES: readonly {tag: Tag; types: string[]}[] = [
  {tag: t.comment, types: ['comment']},
  {tag: t.string, types: ['string']},
  {tag: t.regexp, types: ['regex']},
  {tag: t.number, types: ['number']},
  {tag: t.bool, types: ['boolean']},
  {tag: t.keyword, types: ['keyword']},
  {tag: t.null, types: ['keyword']},
  {tag: t.self, types: ['keyword']},
  {tag: t.operator, types: ['operator']},
  {tag: t.punctuation, types: ['punctuation']},
  {tag: t.derefOperator, types: ['punctuation']},
  {tag: t.function(t.variableName), types: ['function']},
  {tag: t.function(t.propertyName), types: ['function']},
];

/**
 * The highlight style of the "Run in the browser" editor: every tag above that
 * the site's themes colour, carrying both modes' colours as custom properties.
 *
 * @example EditorState.create({doc, extensions: [syntaxHighlighting(siteHighlightStyle)]})
 * @see https://jopi-rewrite.dev/docs/getting-started#run-in-the-browser
 */
export const siteHighlightStyle = HighlightStyle.define(
  PRISM_TYPES.map(({tag, types}) => ({tag, ...(tokenColours(types) as Record<string, string>)})).filter((spec) => Object.keys(spec).length > 1),
);
