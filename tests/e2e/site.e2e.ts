/**
 * `npm run test:e2e`: the built site (build/, from `npm run build`) in a real
 * browser. It serves build/ with `docusaurus serve` on a free port and checks,
 * with Chromium (see browser.ts) driven by playwright-core:
 *   - every URL of build/sitemap.xml answers 200 with no console error;
 *   - axe finds no WCAG 2.x A/AA violation on any of them, nor on the 404 and
 *     search result pages, in the light and in the dark theme (accessibility.ts);
 *   - an unknown URL gets the 404 page;
 *   - every <Example> shows its files and a "Verified output" block, and the
 *     copy button copies the code without highlight markers;
 *   - on the hot-reload page, the code of each example is its sandbox file
 *     without the highlight markers, and the marked lines are highlighted;
 *   - every example file that uses the library shows the types of its library
 *     names on hover and on focus, with scripts off too (type-hovers.ts);
 *   - the hot-reload playground shows its code before it loads, starts when the
 *     reader reaches it or presses Run, and runs the real jopi-node-space: after
 *     an edit typed into its editor, a kept counter goes on, the old version's onHotReload
 *     listener runs once and its newInterval stops;
 *   - code blocks show each scheme's colours from the first paint and keep the
 *     server's HTML (code-block-colours.ts); a page is painted before its
 *     scripts start; `npm start` draws the code blocks too;
 *   - the dark mode toggle flips html[data-theme];
 *   - the local search finds SEARCH_TERM (default "hot") and keepOnHotReload.
 * Screenshots of the main pages (and of the playground) go to test-results/screenshots/.
 *
 * The browser: see browser.ts (CHROMIUM_PATH, a system Chromium, or the one
 * from npm); Playwright's own browser download is not reachable from CI.
 */
import fs from 'node:fs';
import path from 'node:path';
import {chromium, type Browser, type Locator, type Page} from 'playwright-core';
import {guidePages} from '../../src/guide-pages';
import {checkAccessibility} from './accessibility';
import {findBrowser} from './browser';
import {checkCodeBlockColours} from './code-block-colours';
import {checkPerformancePage} from './performance-page';
import {checkTypeHovers} from './type-hovers';
import {serveBuild, serveDev, type ServedSite} from './serve-build';
import {visit} from './visit';

const siteDir = path.resolve(import.meta.dir, '../..');
const buildDir = path.join(siteDir, 'build');
const screenshotDir = path.join(siteDir, 'test-results/screenshots');
const searchTerm = process.env.SEARCH_TERM || 'hot';
// The home page, every guide page of the sidebar, and the API reference.
const mainPages = ['/', ...guidePages.map((id) => (id === 'intro' ? '/docs/' : `/docs/${id}`)), '/docs/api/'];

/**
 * How many elements match once at least `atLeast` are drawn, or after 60 s. Pages drawn in the browser
 * (a followed link, the development server) are drawn after the network is idle, later on a busy machine.
 */
async function countWhenDrawn(target: Page, selector: string, atLeast: number): Promise<number> {
  await target.waitForFunction(([css, least]) => document.querySelectorAll(css).length >= least, [selector, atLeast] as const, {timeout: 60_000}).catch(() => {});
  return target.locator(selector).count();
}

let passed = 0;
let failed = 0;

async function check(name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
    passed++;
    console.log(`ok   ${name}`);
  } catch (error) {
    failed++;
    console.log(`FAIL ${name}\n     ${(error as Error).message.replaceAll('\n', '\n     ')}`);
  }
}

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

type ShownLine = {text: string; highlighted: boolean};

/**
 * The lines a code block should show for a sandbox file: the marker lines
 * (`// highlight-next-line`, `// highlight-start`, `// highlight-end`) removed,
 * and the lines they mark highlighted. The code block drops the last newline.
 */
function shownLines(source: string): ShownLine[] {
  const shown: ShownLine[] = [];
  let next = false;
  let inRange = false;
  for (const text of source.replace(/\n$/, '').split('\n')) {
    const directive = /^\s*\/\/\s*highlight-(next-line|start|end)\s*$/.exec(text)?.[1];
    if (directive === 'next-line') next = true;
    else if (directive === 'start') inRange = true;
    else if (directive === 'end') inRange = false;
    else {
      shown.push({text, highlighted: next || inRange});
      next = false;
    }
  }
  return shown;
}

type LogLine = {kind: string; version: number; text: string};

/** The lines of a hot-reload playground's log: separators, and what each version printed. */
function readPlaygroundLog(log: Locator): Promise<LogLine[]> {
  return log.locator('li').evaluateAll((items) =>
    items.map((li) => ({
      kind: (li as HTMLElement).dataset.kind ?? '',
      version: Number((li as HTMLElement).dataset.version),
      // A printed line is [tag, text]; a separator is only text.
      text: (li.children.length > 1 ? li.lastElementChild!.textContent : li.textContent) ?? '',
    })),
  );
}

const tickOf = (line: LogLine) => Number(/^tick #(\d+)$/.exec(line.text)?.[1] ?? Number.NaN);

function screenshotName(route: string, suffix = ''): string {
  const name = route.replace(/^\/|\/$/g, '').replaceAll('/', '_') || 'home';
  return path.join(screenshotDir, `${name}${suffix}.png`);
}

async function run(browser: Browser, base: string): Promise<void> {
  const context = await browser.newContext({viewport: {width: 1280, height: 900}, colorScheme: 'light'});
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], {origin: base});
  const page = await context.newPage();

  const sitemap = fs.readFileSync(path.join(buildDir, 'sitemap.xml'), 'utf8');
  const urls = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => base + new URL(m[1]!).pathname);
  await check(`sitemap lists pages (${urls.length})`, async () => {
    assert(urls.length >= mainPages.length, `only ${urls.length} URLs in build/sitemap.xml`);
  });

  const problems: string[] = [];
  for (const url of urls) {
    const {status, errors} = await visit(page, url);
    if (status !== 200) problems.push(`${url}: HTTP ${status}`);
    for (const error of errors) problems.push(`${url}: console error: ${error}`);
  }
  await check('every sitemap URL answers 200 with no console error', async () => {
    assert(problems.length === 0, problems.join('\n'));
  });

  // Every sitemap page, the 404 page and the search page with results; the
  // page's own context stays in the light theme for the checks below.
  await check('axe finds no WCAG A/AA violation on any page, light or dark', async () => {
    const pages = [...urls, `${base}/docs/no-such-page`, `${base}/search?q=${encodeURIComponent(searchTerm)}`];
    const report = await checkAccessibility(browser, pages);
    console.log(`     ${report.pages} pages; failing elements: light ${report.counts.light}, dark ${report.counts.dark}`);
    assert(report.problems.length === 0, report.problems.join('\n'));
  });

  await check('an unknown URL shows the 404 page', async () => {
    await page.goto(`${base}/docs/no-such-page`, {waitUntil: 'networkidle'});
    const heading = await page.textContent('h1');
    assert(heading?.includes('Page Not Found'), `h1 is "${heading}"`);
  });

  await check('each example shows its files, a run command and verified output', async () => {
    const seen: string[] = [];
    for (const url of urls.filter((u) => !u.includes('/docs/api/'))) {
      await page.goto(url, {waitUntil: 'networkidle'});
      for (const example of await page.locator('[data-example]').all()) {
        const slug = await example.getAttribute('data-example');
        // A playground's file is its editor once it has loaded (when scrolled near): the playground checks below test it.
        const playground = (await example.locator('[data-playground-placeholder], [data-hot-playground]').count()) > 0;
        const titles = await example.locator('[class*="codeBlockTitle"]').allTextContents();
        assert(titles.length >= (playground ? 1 : 2), `${url}: example ${slug} has ${titles.length} code blocks`);
        assert(titles.at(-1)!.startsWith('Verified output'), `${url}: example ${slug} ends with "${titles.at(-1)}"`);
        assert((await example.textContent())!.includes(`npm run sandbox -- ${slug}`), `${url}: no run command for ${slug}`);
        if (playground) {
          seen.push(slug!);
          continue;
        }
        // The copy button must copy what a reader can run: no highlight markers.
        const first = example.locator('.theme-code-block').first();
        await first.hover();
        await first.locator('button[aria-label*="Copy"]').click();
        const copied = await page.evaluate(() => navigator.clipboard.readText());
        assert(copied.length > 0 && !copied.includes('highlight-'), `${url}: copy of ${slug} gave ${JSON.stringify(copied.slice(0, 200))}`);
        seen.push(slug!);
      }
    }
    console.log(`     examples checked: ${seen.join(', ') || '(none on any page)'}`);
  });

  await check('on the hot-reload page, each example file is shown as in sandbox/, marked lines highlighted', async () => {
    const index = JSON.parse(fs.readFileSync(path.join(siteDir, 'sandbox/examples.json'), 'utf8')) as {slug: string; page: string; files: string[]}[];
    await page.goto(`${base}/docs/hot-reload`, {waitUntil: 'networkidle'});
    const problems: string[] = [];
    let compared = 0;
    for (const example of index.filter((e) => e.page === 'hot-reload')) {
      const blocks = await page.locator(`[data-example="${example.slug}"] .theme-code-block`).evaluateAll((elements) =>
        elements.map((block) => ({
          title: block.querySelector('[class*="codeBlockTitle"]')?.textContent ?? '',
          lines: Array.from(block.querySelectorAll('.token-line')).map((line) => ({
            // The code as shown, less the types its names show on hover (src/components/TypeHover).
            text: Array.from(line.querySelectorAll('.token')).map((token) => token.textContent).join(''),
            highlighted: line.classList.contains('theme-code-block-highlighted-line'),
          })),
        })),
      );
      for (const file of example.files) {
        const title = `sandbox/${example.slug}/${file}`;
        const block = blocks.find((b) => b.title === title);
        if (!block) {
          problems.push(`${title}: no code block with that title`);
          continue;
        }
        const expected = shownLines(fs.readFileSync(path.join(siteDir, title), 'utf8'));
        const lines = Math.max(expected.length, block.lines.length);
        for (let i = 0; i < lines; i++) {
          const [want, got] = [expected[i], block.lines[i]];
          if (want?.text !== got?.text || want?.highlighted !== got?.highlighted) {
            problems.push(`${title}, line ${i + 1}: expected ${JSON.stringify(want)}, shown ${JSON.stringify(got)}`);
            break;
          }
        }
        compared++;
      }
    }
    assert(compared > 0, 'no example file compared: does sandbox/examples.json list hot-reload examples?');
    assert(problems.length === 0, problems.join('\n'));
    console.log(`     files compared: ${compared}`);
  });

  await check('every example file that uses the library shows its names\' types, on hover and on focus, without scripts', async () => {
    const problems = await checkTypeHovers(browser, base, screenshotDir);
    assert(problems.length === 0, problems.join('\n'));
  });

  await check('the hot-reload playground: after an edit, the kept counter goes on and the old newInterval stops', async () => {
    await page.goto(`${base}/docs/hot-reload`, {waitUntil: 'networkidle'});
    // Until the reader reaches it, the page shows the code as a plain code block, and no editor is loaded.
    const placeholder = page.locator('[data-playground-placeholder]');
    // The code as it reads, without the types laid over its names.
    const code = await placeholder.evaluate((element) => {
      const copy = element.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('[data-type-hover]').forEach((hover) => hover.remove());
      return copy.textContent;
    });
    assert(code?.includes('NodeSpace.app.keepOnHotReload("counter"'), 'the playground\'s code is not shown before it loads');
    assert((await page.locator('[data-hot-playground]').count()) === 0, 'the playground loaded before the reader reached it');
    // Reaching it starts it.
    await placeholder.scrollIntoViewIfNeeded();
    const playground = page.locator('[data-hot-playground]');
    const log = playground.locator('[data-hot-log]');
    await log.locator('li[data-kind="log"]', {hasText: 'tick #2'}).waitFor({timeout: 15_000});

    // Type at the end of the code, as a reader would; the playground runs it once typing stops.
    await playground.locator('.prism-code').first().click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\nconsole.log("edited by the browser test");', {delay: 20});
    await log.locator('li[data-kind="reload"]').waitFor({timeout: 10_000});
    const reload = await log.locator('li[data-kind="reload"]').first().getAttribute('data-version');
    // Two ticks of the new version: time enough for a timer of the old one to show itself.
    await log.locator(`li[data-kind="log"][data-version="${reload}"]`, {hasText: /^v\d+ tick #/}).nth(1).waitFor({timeout: 10_000});

    const lines = await readPlaygroundLog(log);
    const at = lines.findIndex((line) => line.kind === 'reload');
    const [before, after] = [lines.slice(0, at), lines.slice(at + 1)];
    const oldVersion = lines[0]!.version;
    const newVersion = lines[at]!.version;
    const shown = lines.map((line) => `${line.kind} v${line.version} ${line.text}`).join('\n');
    assert(lines[0]!.kind === 'start' && newVersion === oldVersion + 1, `expected a start, then a reload to the next version:\n${shown}`);
    assert(lines.filter((line) => line.kind === 'reload').length === 1, `one edit should be one reload:\n${shown}`);
    const oldAfter = after.filter((line) => line.version === oldVersion).map((line) => line.text);
    assert(
      JSON.stringify(oldAfter) === JSON.stringify(['onHotReload: my version is being replaced']),
      `after the reload, the old version should print only its onHotReload line, once (its newInterval stopped); it printed ${JSON.stringify(oldAfter)}:\n${shown}`,
    );
    assert(after.some((line) => line.version === newVersion && line.text === 'edited by the browser test'), `the edited code did not run:\n${shown}`);
    const lastOldTick = Math.max(...before.map(tickOf).filter((n) => !Number.isNaN(n)));
    const firstNewTick = after.map(tickOf).find((n) => !Number.isNaN(n));
    assert(firstNewTick === lastOldTick + 1, `the kept counter should go on: last tick before the reload #${lastOldTick}, first after #${firstNewTick}:\n${shown}`);
    const kept = (await playground.locator('[data-hot-kept]').textContent()) ?? '';
    assert(kept.includes('"counter"'), `the kept values panel shows "${kept}"`);
    await playground.screenshot({path: screenshotName('/docs/hot-reload', '-playground')});
    console.log(`     ticks #${lastOldTick} (v${oldVersion}) -> #${firstNewTick} (v${newVersion})`);
  });

  await check('a playground out of view starts when its Run button is pressed', async () => {
    await page.goto(`${base}/docs/node-space`, {waitUntil: 'networkidle'});
    // A click from a script: the page does not scroll, so only the button can start it.
    await page.locator('[data-playground-placeholder]').getByRole('button', {name: 'Run this code'}).evaluate((button) => (button as HTMLButtonElement).click());
    await page.locator('[data-hot-playground] [data-hot-log] li[data-kind="log"]').first().waitFor({state: 'attached', timeout: 15_000});
  });

  await check('code blocks show each scheme\'s colours from the first paint, and keep the server\'s HTML', async () => {
    const problems = await checkCodeBlockColours(browser, `${base}/docs/getting-started`);
    assert(problems.length === 0, problems.join('\n'));
  });

  await check('charts and code blocks, in lists and tabs too, are laid out only near the view (content-visibility), and a code block takes its height before', async () => {
    const seen = {chart: 0, nestedCode: 0, skippedCode: 0};
    for (const guide of ['/docs/performance', '/docs/production', '/docs/getting-started']) {
      await page.goto(`${base}${guide}`, {waitUntil: 'load'});
      const blocks = await page.evaluate(() => Array.from(document.querySelectorAll('.theme-doc-markdown .code-block-content, [class*="figure_"], [class*="tableScroll_"]')).map((element) => {
        const {top, height} = element.getBoundingClientRect();
        return {
          kind: element.matches('.code-block-content') ? 'code' : 'chart',
          nested: element.parentElement?.closest('li, [role="tabpanel"]') !== null,
          visibility: getComputedStyle(element).contentVisibility,
          // Two screens below the top, a block is not laid out yet: this is the height it holds.
          skipped: top > 2 * innerHeight && height > 0,
          height,
        };
      }));
      const eager = blocks.filter((block) => block.visibility !== 'auto');
      assert(eager.length === 0, `${guide}: ${eager.length} blocks laid out at load: ${JSON.stringify(eager.slice(0, 3))}`);
      await page.addStyleTag({content: '.theme-doc-markdown .code-block-content { content-visibility: visible !important; }'});
      const laidOut = await page.evaluate(() => Array.from(document.querySelectorAll('.theme-doc-markdown .code-block-content, [class*="figure_"], [class*="tableScroll_"]')).map((element) => element.getBoundingClientRect().height));
      const moved = blocks.flatMap((block, i) => (block.kind === 'code' && block.skipped && Math.abs(block.height - laidOut[i]!) > 1 ? [`${block.height} px until laid out, then ${laidOut[i]} px`] : []));
      assert(moved.length === 0, `${guide}: ${moved.length} code blocks change height once laid out, moving what follows: ${moved.slice(0, 3).join('; ')}`);
      seen.chart += blocks.filter((block) => block.kind === 'chart').length;
      seen.nestedCode += blocks.filter((block) => block.kind === 'code' && block.nested).length;
      seen.skippedCode += blocks.filter((block) => block.kind === 'code' && block.skipped).length;
    }
    assert(seen.chart > 0 && seen.nestedCode > 0 && seen.skippedCode > 10, `the pages checked no longer have each kind of block: ${JSON.stringify(seen)}`);
  });

  await check('a page is painted before its scripts start, then hydrates; code reached by a link is highlighted', async () => {
    await page.goto(`${base}/docs/`, {waitUntil: 'networkidle'});
    // Hydration runs the page's scripts after the network is idle: on a busy machine, a moment later.
    await page.waitForFunction(() => document.documentElement.dataset.hasHydrated === 'true', null, {timeout: 20_000}).catch(() => {});
    const loaded = await page.evaluate(() => ({
      paint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
      script: performance.getEntriesByType('resource').find((entry) => /\/main\.[^/]+\.js$/.test(entry.name))?.startTime,
      hydrated: document.documentElement.dataset.hasHydrated,
    }));
    assert(loaded.paint !== undefined && loaded.script !== undefined, `first contentful paint at ${loaded.paint}, main script at ${loaded.script}`);
    assert(loaded.script >= loaded.paint, `the main script started at ${loaded.script} ms, before the first contentful paint at ${loaded.paint} ms`);
    assert(loaded.hydrated === 'true', `html[data-has-hydrated] is "${loaded.hydrated}"`);
    // No server HTML for a page reached by a link: its code blocks are highlighted in the browser.
    await page.locator('.theme-doc-sidebar-container a[href="/docs/getting-started"]').click();
    await page.waitForURL(`${base}/docs/getting-started`);
    // The URL changes as soon as the link is followed; the new page is drawn
    // once its chunks arrive, which on a busy machine takes a moment more.
    const tokens = await countWhenDrawn(page, '.theme-code-block .token-line span[style*="color"]', 101);
    assert(tokens > 100, `${tokens} coloured tokens in the code blocks of /docs/getting-started after following a link`);
  });

  await check('on a phone: the menu opens with every docs page, and a wide code block offers word wrap', async () => {
    const phone = await browser.newContext({viewport: {width: 390, height: 844}, hasTouch: true, isMobile: true});
    try {
      const mobile = await phone.newPage();
      await mobile.goto(`${base}/docs/hot-reload`, {waitUntil: 'networkidle'});
      // The drawer is drawn when the browser is idle (src/theme/Navbar/MobileSidebar); opening it at once must work too.
      await mobile.locator('button[aria-label="Toggle navigation bar"]').click();
      const drawer = mobile.locator('.navbar-sidebar');
      await drawer.locator('a[href="/docs/getting-started"]').first().waitFor({state: 'visible', timeout: 10_000});
      const links = await drawer.locator('.theme-doc-sidebar-menu a[href^="/docs/"]').count();
      assert(links >= guidePages.length, `the menu lists ${links} docs pages, fewer than the ${guidePages.length} guides`);
      await drawer.locator('a[href="/docs/getting-started"]').first().click();
      await mobile.waitForURL(`${base}/docs/getting-started`);
      await drawer.waitFor({state: 'hidden', timeout: 10_000});
      // A block wider than the phone gets its word-wrap button once the reader reaches it (src/theme/CodeBlock/Content/String).
      await mobile.goto(`${base}/docs/hot-reload`, {waitUntil: 'networkidle'});
      const wide = mobile.locator('.theme-code-block').filter({has: mobile.locator('pre')}).nth(1);
      await wide.scrollIntoViewIfNeeded();
      await wide.locator('pre').focus();
      const wrap = wide.locator('button[aria-label*="word wrap" i]');
      await wrap.waitFor({state: 'attached', timeout: 10_000});
      const overflowing = () => wide.locator('pre').evaluate((pre) => pre.scrollWidth > pre.clientWidth);
      assert(await overflowing(), 'the second code block of /docs/hot-reload is not wider than a phone: pick a wider one');
      await wrap.click({force: true});
      assert(!(await overflowing()), 'after "word wrap" the block still scrolls sideways');
    } finally {
      await phone.close();
    }
  });

  // The development server renders in the browser alone, with no server HTML
  // to keep: code blocks must be drawn there (src/theme/CodeBlock/Content).
  await check('`npm start` (docusaurus start) shows highlighted code, light and dark, with no console error', async () => {
    const dev = await serveDev();
    try {
      const problems: string[] = [];
      for (const colorScheme of ['light', 'dark'] as const) {
        const devContext = await browser.newContext({colorScheme});
        try {
          const devPage = await devContext.newPage();
          const {status, errors} = await visit(devPage, `${dev.base}/docs/getting-started`);
          const lines = await countWhenDrawn(devPage, '.theme-code-block .token-line', 100);
          if (status !== 200) problems.push(`${colorScheme}: HTTP ${status}`);
          if (lines < 100) problems.push(`${colorScheme}: ${lines} code lines drawn on /docs/getting-started`);
          problems.push(...errors.map((error) => `${colorScheme}: console error: ${error.slice(0, 300)}`));
        } finally {
          await devContext.close();
        }
      }
      assert(problems.length === 0, problems.join('\n'));
    } finally {
      dev.stop();
    }
  });

  await check('the install tabs switch from npm to Bun', async () => {
    await page.goto(`${base}/docs/getting-started`, {waitUntil: 'networkidle'});
    const visibleCode = () => page.locator('[role="tabpanel"]:not([hidden]) code').first().textContent();
    assert((await visibleCode())?.includes('npm install jopi-rewrite'), `npm tab shows "${await visibleCode()}"`);
    await page.click('[role="tab"]:has-text("Bun")');
    assert((await visibleCode())?.includes('bun add jopi-rewrite'), `Bun tab shows "${await visibleCode()}"`);
    // The choice is kept: the next load draws the server's npm tab, then shows Bun once hydrated.
    await page.goto(`${base}/docs/getting-started`, {waitUntil: 'networkidle'});
    const selected = await page.locator('[role="tab"][aria-selected="true"]').first().textContent();
    assert((await visibleCode())?.includes('bun add jopi-rewrite') && selected === 'Bun', `after a reload the "${selected}" tab shows "${await visibleCode()}"`);
    await page.click('[role="tab"]:has-text("npm")');
    assert((await visibleCode())?.includes('npm install jopi-rewrite'), `npm tab shows "${await visibleCode()}" after switching back`);
  });

  await check('the dark mode toggle flips html[data-theme]', async () => {
    await page.goto(`${base}/docs/`, {waitUntil: 'networkidle'});
    const theme = () => page.getAttribute('html', 'data-theme');
    const before = await theme();
    // With respectPrefersColorScheme the toggle cycles system -> light -> dark:
    // a flip takes at most two clicks.
    for (let i = 0; i < 3 && (await theme()) === before; i++) {
      await page.click('button[aria-label*="dark and light mode"]');
    }
    const after = await theme();
    assert(before && after && before !== after, `data-theme stayed "${before}"`);
    await page.screenshot({path: screenshotName('/docs/', `-${after}`), fullPage: true});
  });

  await check(`the search finds "${searchTerm}"`, async () => {
    await page.goto(`${base}/docs/`, {waitUntil: 'networkidle'});
    await page.fill('input.navbar__search-input', searchTerm);
    const suggestion = page.locator('[role="option"], [class*="suggestion"]').first();
    await suggestion.waitFor({timeout: 10_000});
    const text = (await suggestion.textContent()) ?? '';
    assert(text.toLowerCase().includes(searchTerm.toLowerCase()), `first suggestion is "${text}"`);
    await page.screenshot({path: screenshotName('/search-suggestions'), fullPage: false});
    await page.goto(`${base}/search?q=${encodeURIComponent(searchTerm)}`, {waitUntil: 'networkidle'});
    const results = page.locator('article a[href*="/docs/"]');
    await results.first().waitFor({timeout: 10_000});
    console.log(`     search page results: ${await results.count()}`);
  });

  await check('the search finds "keepOnHotReload"', async () => {
    await page.goto(`${base}/docs/`, {waitUntil: 'networkidle'});
    await page.fill('input.navbar__search-input', 'keepOnHotReload');
    const suggestions = page.locator('[role="option"]');
    await suggestions.first().waitFor({timeout: 10_000});
    const texts = await suggestions.allTextContents();
    assert(texts.some((text) => text.includes('keepOnHotReload')), `suggestions: ${JSON.stringify(texts)}`);
  });

  await check('the performance page draws every figure of bench/results/latest.json', async () => {
    const problems = await checkPerformancePage(page, base, screenshotDir);
    assert(problems.length === 0, problems.join('\n'));
  });

  await check('screenshots of the main pages', async () => {
    await context.clearCookies();
    await page.evaluate(() => localStorage.clear());
    for (const route of mainPages) {
      await page.goto(base + route, {waitUntil: 'networkidle'});
      await page.screenshot({path: screenshotName(route), fullPage: true});
    }
  });

  await context.close();
}

async function main(): Promise<void> {
  assert(fs.existsSync(path.join(buildDir, 'sitemap.xml')), 'no build/sitemap.xml: run `npm run build` first');
  fs.mkdirSync(screenshotDir, {recursive: true});

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => process.exit(130));
  }

  let browser: Browser | undefined;
  let site: ServedSite | undefined;
  try {
    site = await serveBuild();
    const found = await findBrowser();
    console.log(`browser: ${found.source}`);
    browser = await chromium.launch({executablePath: found.executablePath, args: found.args});
    await run(browser, site.base);
  } catch (error) {
    failed++;
    console.log(`FAIL setup: ${(error as Error).message}`);
  } finally {
    await browser?.close();
    site?.stop();
  }
  console.log(`\nscreenshots: ${path.relative(siteDir, screenshotDir)}/`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

await main();
