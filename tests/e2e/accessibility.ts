/**
 * Accessibility of the built site: axe (WCAG 2.0/2.1/2.2, levels A and AA) on
 * every page it is given, once with the system colour scheme light and once
 * dark. The site follows the system scheme (a `theme` key in localStorage is
 * not read on a first visit), so each scheme gets its own browser context with
 * that `colorScheme`, and the check first makes sure the page did switch.
 *
 * Every violation is reported with its page, theme, rule and element: the
 * element's CSS selector and the start of its HTML, and axe's own summary of
 * what is wrong (for contrast, the two colours and the ratio).
 */
import AxeBuilder from '@axe-core/playwright';
import type {Browser} from 'playwright-core';

const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const schemes = ['light', 'dark'] as const;
type Scheme = (typeof schemes)[number];

export type AccessibilityReport = {
  /** One line (and indented details) per failing element. */
  problems: string[];
  /** Failing elements per theme, to print even when there are none. */
  counts: Record<Scheme, number>;
  pages: number;
};

const snippet = (html: string) => (html.length > 160 ? `${html.slice(0, 157)}...` : html).replaceAll('\n', ' ');

/**
 * Runs axe on each URL in both colour schemes; no problem means no violation anywhere.
 *
 * @example const {problems} = await checkAccessibility(browser, [`${base}/docs/`]);
 * @see https://github.com/dequelabs/axe-core/blob/develop/doc/rule-descriptions.md
 */
export async function checkAccessibility(browser: Browser, urls: string[]): Promise<AccessibilityReport> {
  // The two schemes in parallel: much of each page's time is spent waiting for the network to settle.
  const [light, dark] = await Promise.all(schemes.map((scheme) => checkScheme(browser, urls, scheme)));
  return {problems: [...light!.problems, ...dark!.problems], counts: {light: light!.failing, dark: dark!.failing}, pages: urls.length};
}

async function checkScheme(browser: Browser, urls: string[], scheme: Scheme): Promise<{problems: string[]; failing: number}> {
  const problems: string[] = [];
  let failing = 0;
  const context = await browser.newContext({viewport: {width: 1280, height: 900}, colorScheme: scheme});
  try {
    const page = await context.newPage();
    for (const url of urls) {
      const route = new URL(url);
      const where = `${route.pathname}${route.search} (${scheme})`;
      await page.goto(url, {waitUntil: 'networkidle'});
      const theme = await page.getAttribute('html', 'data-theme');
      if (theme !== scheme) {
        problems.push(`${where}: html[data-theme] is "${theme}", so the ${scheme} theme was not checked`);
        continue;
      }
      const {violations} = await new AxeBuilder({page}).withTags(wcagTags).analyze();
      for (const violation of violations) {
        for (const node of violation.nodes) {
          failing++;
          const detail = (node.failureSummary ?? '').split('\n').slice(1).map((line) => line.trim()).filter(Boolean).join(' ');
          problems.push(
            `${where}: ${violation.id} (${violation.impact}): ${violation.help}\n` +
              `  at ${node.target.join(' >>> ')}\n` +
              `  ${snippet(node.html)}` +
              (detail ? `\n  ${detail}` : ''),
          );
        }
      }
    }
  } finally {
    await context.close();
  }
  return {problems, failing};
}
