/**
 * `npm run test:e2e` (third part): the "Run in the browser" editor, on the built
 * site (build/), in Chromium, driven as a reader would:
 *   - the click loads the editor and nothing of TypeScript; the first focus
 *     loads the TypeScript Worker and its declarations (bytes, gzipped, printed);
 *   - with the CPU slowed 4x (Lighthouse's mobile profile), the time from the
 *     first focus to the first hover answer is printed;
 *   - hovering a jopi-rewrite name shows its type; a wrong argument is
 *     underlined with tsc's error; `req.` completes the library's methods;
 *   - Tab indents, and Escape then Tab leaves the editor;
 *   - the edited program runs: the next request gets the edited text;
 *   - axe finds nothing with the editor open, in both themes;
 *   - screenshots of the editor with a hover open, in both themes, go to
 *     test-results/screenshots/editor-hover-{light,dark}.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import {chromium, type Browser, type Locator, type Page} from 'playwright-core';
import {findBrowser} from './browser';
import {focusEditor, hoverText, replaceInEditor} from './code-editor';
import {pressRunInPage} from './run-in-page-button';
import {serveBuild} from './serve-build';

const siteDir = path.resolve(import.meta.dir, '../..');
const screenshotDir = path.join(siteDir, 'test-results/screenshots');
const HOVER_TYPE = '(alias) class JopiServer\nimport JopiServerA server for one or more websites.';
const CPU_SLOWDOWN = 4;

const failures: string[] = [];
const check = async (name: string, body: () => Promise<string | void>) => {
  try {
    const said = await body();
    console.log(`ok   ${name}${said ? `: ${said}` : ''}`);
  } catch (error) {
    failures.push(name);
    console.log(`FAIL ${name}: ${(error as Error).message.split('\n').slice(0, 6).join('\n     ')}`);
  }
};
const assert = (condition: unknown, message: string) => {
  if (!condition) throw new Error(message);
};

/** The files the page fetched from build/, with their size gzipped (what a server sends). */
function recordLoads(page: Page): {files: string[]; take(): {files: string[]; gzipped: number}} {
  const files: string[] = [];
  let taken = 0;
  page.on('response', (response) => {
    const url = new URL(response.url());
    const file = path.join(siteDir, 'build', decodeURIComponent(url.pathname));
    if (fs.existsSync(file) && fs.statSync(file).isFile()) files.push(file);
  });
  return {
    files,
    take() {
      const fresh = files.slice(taken);
      taken = files.length;
      return {files: fresh, gzipped: fresh.reduce((sum, file) => sum + Bun.gzipSync(fs.readFileSync(file)).length, 0)};
    },
  };
}

const kB = (bytes: number) => `${(bytes / 1024).toFixed(0)} kB`;
const holds = (files: string[], text: string) => files.some((file) => fs.readFileSync(file, 'utf8').includes(text));

async function openEditor(page: Page, base: string, scheme: 'light' | 'dark', loaded: () => void): Promise<Locator> {
  await page.goto(`${base}/docs/getting-started`, {waitUntil: 'networkidle'});
  assert((await page.getAttribute('html', 'data-theme')) === scheme, `the page did not take the ${scheme} theme`);
  loaded();
  await pressRunInPage(page, 'hello');
  const panel = page.locator('[data-run-in-page="hello"]');
  await panel.locator('[data-in-page-console] li:has-text("Website started")').waitFor({timeout: 60_000});
  await panel.locator('.cm-content').waitFor();
  return panel;
}

async function hoverShows(page: Page, panel: Locator, name: string, shown: string, timeout: number): Promise<string> {
  const tooltip = page.locator(shown);
  const until = Date.now() + timeout;
  // CodeMirror asks once per pointer rest: move again until the answer is there.
  while (Date.now() < until) {
    await hoverText(page, panel, name);
    if (await tooltip.first().waitFor({timeout: 1_500}).then(() => true, () => false)) return (await tooltip.first().textContent()) ?? '';
    await page.mouse.move(0, 0);
  }
  throw new Error(`nothing (${shown}) shown on hovering "${name}" within ${timeout} ms`);
}

async function inOneTheme(browser: Browser, base: string, scheme: 'light' | 'dark'): Promise<void> {
  const context = await browser.newContext({viewport: {width: 1280, height: 900}, colorScheme: scheme});
  const page = await context.newPage();
  page.on('pageerror', (error) => failures.push(`uncaught in the page: ${error.message}`));
  const loads = recordLoads(page);
  try {
    let first: string[] = [];
    const panel = await openEditor(page, base, scheme, () => (first = loads.take().files));
    const onClick = loads.take();
    if (scheme === 'light') {
      await check('the first load of a docs page has nothing of the editor; the click loads it, and nothing of TypeScript', async () => {
        assert(!holds(first, 'cm-lintRange'), 'the editor was fetched before the click');
        assert(holds(onClick.files, 'cm-lintRange'), 'the click did not load the editor');
        assert(!holds(onClick.files, 'getQuickInfoAtPosition'), 'the click loaded TypeScript');
        const editor = onClick.files.filter((file) => holds([file], 'cm-lintRange'));
        const editorBytes = editor.reduce((sum, file) => sum + Bun.gzipSync(fs.readFileSync(file)).length, 0);
        return `${kB(onClick.gzipped)} gzipped loaded on the click (the panel's chunk with the editor: ${kB(editorBytes)}; the rest is jopi-rewrite's Worker and the examples' data)`;
      });
    }
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', {rate: scheme === 'light' ? CPU_SLOWDOWN : 1});
    await check(`${scheme}: the TypeScript Worker loads on the first focus, not before`, async () => {
      assert(!holds(loads.files, 'getQuickInfoAtPosition'), 'TypeScript was fetched before the editor had focus');
      const focused = performance.now();
      await focusEditor(panel);
      const type = await hoverShows(page, panel, 'JopiServer', '[data-editor-hover]', 60_000);
      const ms = performance.now() - focused;
      assert(type.includes(HOVER_TYPE), `the hover shows "${type}", not "${HOVER_TYPE}"`);
      const {gzipped} = loads.take();
      return `first hover ${(ms / 1000).toFixed(1)} s after focus with the CPU ${scheme === 'light' ? `${CPU_SLOWDOWN}x slower` : 'at full speed'}; ${kB(gzipped)} gzipped loaded on focus`;
    });
    await cdp.send('Emulation.setCPUThrottlingRate', {rate: 1});
    fs.mkdirSync(screenshotDir, {recursive: true});
    // The panel and the hover, which may reach past the panel.
    const boxes = [await panel.boundingBox(), await page.locator('[data-editor-hover]').first().boundingBox()].filter((box) => box !== null);
    const [left, top] = [Math.min(...boxes.map((box) => box.x)), Math.min(...boxes.map((box) => box.y))];
    const clip = {x: left, y: top, width: Math.max(...boxes.map((box) => box.x + box.width)) - left, height: Math.max(...boxes.map((box) => box.y + box.height)) - top};
    await page.screenshot({path: path.join(screenshotDir, `editor-hover-${scheme}.png`), clip});

    await check(`${scheme}: axe finds nothing with the editor open`, async () => {
      const {violations} = await new AxeBuilder({page}).include('[data-run-in-page="hello"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
      const found = violations.flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${node.target.join(' ')}: ${node.failureSummary}`));
      assert(found.length === 0, found.join('\n'));
    });
    if (scheme === 'dark') return;

    await check('a misspelt method is underlined with the error tsc gives', async () => {
      await replaceInEditor(page, panel, 'htmlResponse', 'htmlRespons');
      const underlined = panel.locator('.cm-lintRange-error');
      await underlined.first().waitFor({timeout: 15_000});
      assert((await underlined.first().textContent()) === 'htmlRespons', `"${await underlined.first().textContent()}" is underlined, not htmlRespons`);
      const message = await hoverShows(page, panel, 'htmlRespons', '.cm-diagnostic-error', 15_000);
      assert(/Property 'htmlRespons' does not exist on type .*Did you mean 'htmlResponse'\? \(TS2551\)/s.test(message), `the error says "${message}"`);
      await page.mouse.move(0, 0);
    });
    await check("typing `req.` offers the library's methods", async () => {
      await replaceInEditor(page, panel, 'htmlRespons', 'htmlResponse');
      await replaceInEditor(page, panel, 'Hello world!', 'Hello from the editor!');
      await panel.locator('.cm-lintRange-error').waitFor({state: 'detached', timeout: 15_000});
      // Typed key by key, as a reader does: completion opens on typing.
      await replaceInEditor(page, panel, 'htmlResponse', '');
      await page.keyboard.type('json', {delay: 50});
      const offered = page.locator('.cm-tooltip-autocomplete');
      await offered.waitFor({timeout: 15_000});
      const labels = await offered.locator('li').allTextContents();
      assert(labels.some((label) => label.includes('jsonResponse')), `it offers ${labels.slice(0, 10).join(', ')}`);
      await page.keyboard.press('Escape');
      await replaceInEditor(page, panel, 'json', 'htmlResponse');
    });
    await check('Tab indents; Escape then Tab leaves the editor', async () => {
      const content = panel.locator('.cm-content');
      await focusEditor(panel);
      await page.keyboard.press('Tab');
      assert(await content.evaluate((element) => element.contains(document.activeElement) || element === document.activeElement), 'Tab left the editor');
      await page.keyboard.press('Control+z');
      await page.keyboard.press('Escape');
      await page.keyboard.press('Tab');
      assert(await content.evaluate((element) => !(element.contains(document.activeElement) || element === document.activeElement)), 'Escape then Tab stayed in the editor');
      assert(await panel.locator('[data-editor-keys]:has-text("Escape, then Tab")').isVisible(), 'the line beside the editor does not say how to leave it');
    });
    await check('the edited program runs: the next request gets the edited text', async () => {
      // The last edit is saved after a pause: ask until its version answers.
      const answer = panel.locator('[data-in-page-answer]');
      const until = Date.now() + 15_000;
      while (Date.now() < until && !(await answer.textContent().catch(() => ''))?.includes('Hello from the editor!')) {
        await panel.locator('[data-request-send]').click();
        await page.waitForTimeout(500);
      }
      const said = (await answer.textContent()) ?? '';
      assert(said.includes('Hello from the editor!'), `the program answers "${said}"`);
    });
  } finally {
    await context.close();
  }
}

async function main(): Promise<number> {
  if (!fs.existsSync(path.join(siteDir, 'build/index.html'))) {
    console.error('build/ is missing: run `npm run build` first.');
    return 1;
  }
  const found = await findBrowser();
  const site = await serveBuild();
  const browser = await chromium.launch({executablePath: found.executablePath, args: found.args, headless: true});
  const started = performance.now();
  try {
    await inOneTheme(browser, site.base, 'light');
    await inOneTheme(browser, site.base, 'dark');
  } finally {
    await browser.close();
    site.stop();
  }
  console.log(`editor checks took ${((performance.now() - started) / 1000).toFixed(1)} s; screenshots editor-hover-{light,dark}.png`);
  console.log(failures.length === 0 ? 'editor checks: all passed' : `editor checks: ${failures.length} failed`);
  return failures.length === 0 ? 0 : 1;
}

process.exit(await main());
