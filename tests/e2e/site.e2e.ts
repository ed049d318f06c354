/**
 * `npm run test:e2e`: the built site (build/, from `npm run build`) in a real
 * browser. It serves build/ with `docusaurus serve` on a free port and checks,
 * with Debian's Chromium driven by playwright-core:
 *   - every URL of build/sitemap.xml answers 200 with no console error;
 *   - an unknown URL gets the 404 page;
 *   - every <Example> shows its files and a "Verified output" block, and the
 *     copy button copies the code without highlight markers;
 *   - the dark mode toggle flips html[data-theme];
 *   - the local search finds SEARCH_TERM (default "hot").
 * Screenshots of the main pages go to test-results/screenshots/.
 *
 * Why Debian's Chromium: Playwright's own browser download is not reachable
 * from CI. CHROMIUM_PATH overrides /usr/bin/chromium.
 */
import {spawn, type ChildProcess} from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import {chromium, type Browser, type Page} from 'playwright-core';

const siteDir = path.resolve(import.meta.dir, '../..');
const buildDir = path.join(siteDir, 'build');
const screenshotDir = path.join(siteDir, 'test-results/screenshots');
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const searchTerm = process.env.SEARCH_TERM || 'hot';
// Flags that keep Chromium quiet and working as root in a container without a GPU.
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const mainPages = ['/', '/docs/', '/docs/getting-started', '/docs/hot-reload', '/docs/api/'];

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

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const {port} = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** `docusaurus serve` in its own process group, so that one kill ends it and its children. */
function startServer(port: number): ChildProcess {
  const bin = path.join(siteDir, 'node_modules/.bin/docusaurus');
  const child = spawn(bin, ['serve', '--port', String(port), '--host', '127.0.0.1', '--no-open'], {
    cwd: siteDir,
    detached: true,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return child;
}

function stopServer(child: ChildProcess | undefined): void {
  if (!child?.pid || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
}

async function waitForServer(base: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`docusaurus serve exited with code ${child.exitCode}`);
    try {
      const response = await fetch(base + '/');
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await Bun.sleep(200);
  }
  throw new Error(`docusaurus serve did not answer on ${base} within 30 s`);
}

/** Opens a URL, returning its HTTP status and the console errors seen while it loads. */
async function visit(page: Page, url: string): Promise<{status: number; errors: string[]}> {
  const errors: string[] = [];
  const onConsole = (message: {type(): string; text(): string}) => {
    if (message.type() === 'error') errors.push(message.text());
  };
  const onPageError = (error: Error) => errors.push(error.message);
  page.on('console', onConsole);
  page.on('pageerror', onPageError);
  try {
    const response = await page.goto(url, {waitUntil: 'networkidle'});
    return {status: response?.status() ?? 0, errors};
  } finally {
    page.off('console', onConsole);
    page.off('pageerror', onPageError);
  }
}

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
        const titles = await example.locator('[class*="codeBlockTitle"]').allTextContents();
        assert(titles.length >= 2, `${url}: example ${slug} has ${titles.length} code blocks`);
        assert(titles.at(-1)!.startsWith('Verified output'), `${url}: example ${slug} ends with "${titles.at(-1)}"`);
        assert((await example.textContent())!.includes(`bun run sandbox ${slug}`), `${url}: no run command for ${slug}`);
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

  await check('the install tabs switch from npm to Bun', async () => {
    await page.goto(`${base}/docs/getting-started`, {waitUntil: 'networkidle'});
    const visibleCode = () => page.locator('[role="tabpanel"]:not([hidden]) code').first().textContent();
    assert((await visibleCode())?.includes('npm install jopi-rewrite'), `npm tab shows "${await visibleCode()}"`);
    await page.click('[role="tab"]:has-text("Bun")');
    assert((await visibleCode())?.includes('bun add jopi-rewrite'), `Bun tab shows "${await visibleCode()}"`);
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
  assert(fs.existsSync(chromiumPath), `no browser at ${chromiumPath}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  fs.mkdirSync(screenshotDir, {recursive: true});

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = startServer(port);
  // Whatever happens next, the server's process group goes with us.
  process.on('exit', () => stopServer(server));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => process.exit(130));
  }

  let browser: Browser | undefined;
  try {
    await waitForServer(base, server);
    browser = await chromium.launch({executablePath: chromiumPath, args: chromiumArgs});
    await run(browser, base);
  } catch (error) {
    failed++;
    console.log(`FAIL setup: ${(error as Error).message}`);
  } finally {
    await browser?.close();
    stopServer(server);
  }
  console.log(`\nscreenshots: ${path.relative(siteDir, screenshotDir)}/`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

await main();
