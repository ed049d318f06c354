/**
 * Code blocks on a page of examples, in each colour scheme:
 *   - before any script runs, blocks and tokens already have that scheme's
 *     prism theme colours (the server renders once, in the light theme: see
 *     src/code-colours.ts);
 *   - once the page has hydrated they still have them, and no line of code was
 *     removed on the way: the browser keeps the server's HTML instead of
 *     drawing every token again (src/theme/CodeBlock), tabs included
 *     (src/theme/Tabs).
 *
 * site.e2e.ts calls checkCodeBlockColours inside one of its checks; it returns
 * the failures as messages, none when all is well.
 */
import type {Browser, Page} from 'playwright-core';
import config from '../../docusaurus.config';
import {parseColor} from '../../src/contrast';

type PrismTheme = {plain: {backgroundColor?: string}; styles: {types: string[]; style: {color?: string}}[]};

/** The first block's background and its first comment's colour, as the browser computes them. */
async function shownColours(page: Page): Promise<{background: string; comment: string}> {
  return {
    background: await page.locator('.theme-code-block pre').first().evaluate((pre) => getComputedStyle(pre).backgroundColor),
    comment: await page.locator('.theme-code-block .token.comment').first().evaluate((token) => getComputedStyle(token).color),
  };
}

const same = (a: string, b: string) => JSON.stringify(parseColor(a)) === JSON.stringify(parseColor(b));

export async function checkCodeBlockColours(browser: Browser, url: string): Promise<string[]> {
  const prism = config.themeConfig?.prism as {theme: PrismTheme; darkTheme: PrismTheme};
  const problems: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    const theme = colorScheme === 'dark' ? prism.darkTheme : prism.theme;
    const expected = {
      background: theme.plain.backgroundColor!,
      comment: theme.styles.find((entry) => entry.types.includes('comment'))!.style.color!,
    };
    const compare = (when: string, shown: {background: string; comment: string}) => {
      for (const key of ['background', 'comment'] as const) {
        if (!same(shown[key], expected[key])) problems.push(`${colorScheme}, ${when}: the ${key} colour is ${shown[key]}, the prism theme's is ${expected[key]}`);
      }
    };
    const context = await browser.newContext({colorScheme});
    try {
      const page = await context.newPage();
      // First paint: the page's own scripts are refused (its inline colour-mode script still runs).
      await page.route(/\.js$/, (route) => route.abort());
      await page.goto(url, {waitUntil: 'load'});
      compare('before any script runs', await shownColours(page));
      await page.unrouteAll();

      // Counts the code lines that leave the document from its first byte on.
      await page.addInitScript(() => {
        const counter = window as unknown as {removedCodeLines: number};
        counter.removedCodeLines = 0;
        new MutationObserver((records) => {
          for (const record of records) {
            for (const node of Array.from(record.removedNodes)) {
              if (!(node instanceof Element)) continue;
              counter.removedCodeLines += node.matches('.token-line') ? 1 : node.querySelectorAll('.token-line').length;
            }
          }
        }).observe(document, {childList: true, subtree: true});
      });
      await page.goto(url, {waitUntil: 'networkidle'});
      const removed = await page.evaluate(() => (window as unknown as {removedCodeLines: number}).removedCodeLines);
      if (removed > 0) problems.push(`${colorScheme}: ${removed} code lines were removed and drawn again while the page loaded`);
      compare('once hydrated', await shownColours(page));
    } finally {
      await context.close();
    }
  }
  return problems;
}
