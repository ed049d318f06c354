/**
 * Code blocks on a page of examples, in each colour scheme:
 *   - in the scheme whose prism theme the server drew, no line of code is
 *     removed while the page loads and hydrates: the browser keeps the
 *     server's HTML (src/theme/CodeBlock), instead of drawing every token twice;
 *   - in the other scheme, the blocks are drawn again in that scheme's prism
 *     theme (their background is the configured one).
 *
 * site.e2e.ts calls checkCodeBlockColours inside one of its checks; it returns
 * the failures as messages, none when all is well.
 */
import type {Browser} from 'playwright-core';
import config from '../../docusaurus.config';

type PrismTheme = {plain: {backgroundColor?: string}};

export async function checkCodeBlockColours(browser: Browser, url: string): Promise<string[]> {
  const prism = config.themeConfig?.prism as {theme: PrismTheme; darkTheme?: PrismTheme};
  const problems: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    const context = await browser.newContext({colorScheme});
    try {
      const page = await context.newPage();
      // Counts the code lines that leave the document from its first byte on.
      await page.addInitScript(() => {
        const counter = window as unknown as {removedCodeLines: number};
        counter.removedCodeLines = 0;
        new MutationObserver((records) => {
          for (const record of records) {
            // Tabs are remounted by the theme once hydrated (to show the tab chosen earlier): not a code block's doing.
            if (record.target instanceof Element && record.target.closest('[role="tabpanel"]')) continue;
            for (const node of Array.from(record.removedNodes)) {
              if (!(node instanceof Element)) continue;
              const lines = node.matches('.token-line') ? [node] : Array.from(node.querySelectorAll('.token-line'));
              counter.removedCodeLines += lines.filter((line) => !line.closest('[role="tabpanel"]')).length;
            }
          }
        }).observe(document, {childList: true, subtree: true});
      });
      await page.goto(url, {waitUntil: 'networkidle'});
      const removed = await page.evaluate(() => (window as unknown as {removedCodeLines: number}).removedCodeLines);
      const background = await page.locator('.theme-code-block').first().evaluate((block) => (block as HTMLElement).style.getPropertyValue('--prism-background-color'));
      const expected = (colorScheme === 'dark' ? (prism.darkTheme ?? prism.theme) : prism.theme).plain.backgroundColor;
      const redrawn = colorScheme === 'dark' && prism.darkTheme !== undefined && prism.darkTheme !== prism.theme;
      if (!redrawn && removed > 0) problems.push(`${colorScheme}: ${removed} code lines were removed and drawn again while the page loaded`);
      if (redrawn && removed === 0) problems.push(`${colorScheme}: the code blocks kept the server's colours`);
      if (background !== expected) problems.push(`${colorScheme}: the first code block's background is "${background}", the prism theme's is "${expected}"`);
    } finally {
      await context.close();
    }
  }
  return problems;
}
