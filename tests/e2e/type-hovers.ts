/**
 * The types of the examples' library names (src/plugins/example-types.ts,
 * src/components/TypeHover), on the built site:
 *   - every code block of a sandbox TypeScript file that uses jopi-rewrite,
 *     jopi-node-space or Bun has names with a type, each name focusable and
 *     described by a non-empty type; a file that uses none of them has none;
 *   - on the getting-started page, focusing `JopiServer` (keyboard) shows
 *     "class JopiServer" linked to its API page, and hovering `startServer`
 *     (mouse) shows its signature; hidden types are not shown. With scripts
 *     off (light), and on, in both themes (a script picks the dark one);
 *   - axe finds nothing in the block while a type is shown, and a screenshot
 *     of it goes to test-results/screenshots, light and dark.
 *
 * site.e2e.ts calls checkTypeHovers inside one of its checks; it returns the
 * failures as messages, none when all is well.
 */
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type {Browser, Page} from 'playwright-core';

const siteDir = path.resolve(import.meta.dir, '../..');
const USES_LIBRARY = /from "jopi-(rewrite|node-space)"|\bNodeSpace\.|\bBun\./;

type Entry = {slug: string; page: string; files: string[]};

/** Each typed block of the page: its title, its names with a type and whether each type is found and not empty. */
function typedBlocks(page: Page) {
  return page.locator('[data-example] .theme-code-block').evaluateAll((blocks) =>
    blocks.map((block) => {
      const names = Array.from(block.querySelectorAll('[aria-describedby]'));
      return {
        title: block.querySelector('[class*="codeBlockTitle"]')?.textContent ?? '',
        names: names.length,
        unfocusable: names.filter((name) => (name as HTMLElement).tabIndex !== 0).length,
        undescribed: names.filter((name) => !document.getElementById(name.getAttribute('aria-describedby')!)?.textContent?.trim()).length,
      };
    }),
  );
}

async function checkEveryBlock(page: Page, base: string, problems: string[]): Promise<number> {
  const index = JSON.parse(fs.readFileSync(path.join(siteDir, 'sandbox/examples.json'), 'utf8')) as Entry[];
  let typed = 0;
  for (const docPage of new Set(index.map((entry) => entry.page))) {
    await page.goto(`${base}/docs/${docPage}`, {waitUntil: 'load'});
    const blocks = await typedBlocks(page);
    for (const entry of index.filter((e) => e.page === docPage)) {
      for (const file of entry.files.filter((f) => /\.tsx?$/.test(f))) {
        const title = `sandbox/${entry.slug}/${file}`;
        const block = blocks.find((b) => b.title === title);
        const usesLibrary = USES_LIBRARY.test(fs.readFileSync(path.join(siteDir, title), 'utf8'));
        if (!block) problems.push(`/docs/${docPage}: no code block titled ${title}`);
        else if (usesLibrary && block.names === 0) problems.push(`${title} uses the library but its block has no name with a type`);
        else if (!usesLibrary && block.names > 0) problems.push(`${title} uses no library name but its block has ${block.names} names with a type`);
        else if (block.unfocusable || block.undescribed) problems.push(`${title}: ${block.unfocusable} names not focusable, ${block.undescribed} without their type`);
        else if (block.names > 0) typed++;
      }
    }
  }
  return typed;
}

/** The type shown for a name of the hello example, once `show` has hovered or focused it. */
async function shownType(page: Page, name: string, show: 'focus' | 'hover') {
  const target = page.locator('[data-example="hello"] [aria-describedby]', {hasText: new RegExp(`^${name}$`)}).first();
  if (show === 'focus') await target.focus();
  else await target.hover();
  const type = page.locator(`[id="${await target.getAttribute('aria-describedby')}"]`);
  return {
    visible: await type.isVisible(),
    text: (await type.textContent()) ?? '',
    links: await type.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href'))),
    visibleTypes: await page.locator('[data-type-hover]').evaluateAll((types) => types.filter((t) => getComputedStyle(t).display !== 'none').length),
  };
}

export async function checkTypeHovers(browser: Browser, base: string, screenshotDir: string): Promise<string[]> {
  const problems: string[] = [];
  // Scripts off: the types must be in the server's HTML and shown by CSS alone.
  // Scripts on for axe, which runs as a script, and for the dark theme, which a script picks.
  const passes = [['light', false], ['light', true], ['dark', true]] as const;
  for (const [colorScheme, javaScriptEnabled] of passes) {
    const where = `${colorScheme}, scripts ${javaScriptEnabled ? 'on' : 'off'}`;
    const context = await browser.newContext({colorScheme, javaScriptEnabled, viewport: {width: 1280, height: 900}});
    try {
      const page = await context.newPage();
      if (!javaScriptEnabled) console.log(`     typed example files: ${await checkEveryBlock(page, base, problems)}`);
      await page.goto(`${base}/docs/getting-started`, {waitUntil: javaScriptEnabled ? 'networkidle' : 'load'});
      const none = await page.locator('[data-type-hover]').evaluateAll((types) => types.filter((t) => getComputedStyle(t).display !== 'none').length);
      if (none !== 0) problems.push(`${where}: ${none} types shown before any name is hovered or focused`);

      const focused = await shownType(page, 'JopiServer', 'focus');
      if (!focused.visible || !focused.text.includes('class JopiServer')) problems.push(`${where}: focusing JopiServer shows ${JSON.stringify(focused)}`);
      if (!focused.links.includes('/docs/api/jopi-rewrite/classes/JopiServer')) problems.push(`${where}: the type of JopiServer links to ${JSON.stringify(focused.links)}`);
      await page.locator(':focus').blur();
      const hovered = await shownType(page, 'startServer', 'hover');
      if (!hovered.visible || hovered.text !== '(method) JopiServer.startServer(): void') problems.push(`${where}: hovering startServer shows ${JSON.stringify(hovered)}`);
      if (hovered.visibleTypes !== 1) problems.push(`${where}: ${hovered.visibleTypes} types shown while one name is hovered`);

      if (!javaScriptEnabled) continue;
      const {violations} = await new AxeBuilder({page}).include('[data-example="hello"]').withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa']).analyze();
      for (const violation of violations) problems.push(`${where}, a type shown: axe ${violation.id} on ${violation.nodes.map((node) => node.html.slice(0, 120)).join(' | ')}`);

      const block = page.locator('[data-example="hello"] .theme-code-block').first();
      const box = (await block.boundingBox())!;
      await page.screenshot({path: path.join(screenshotDir, `type-hover-${colorScheme}.png`), clip: {...box, height: box.height + 80}});
    } finally {
      await context.close();
    }
  }
  return problems;
}
