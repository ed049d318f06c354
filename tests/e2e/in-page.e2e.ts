/**
 * `npm run test:e2e` (second part): every example runs in the page as under
 * `bun --hot`. On the built site (build/, from `npm run build`), in Chromium:
 *   - each example that sandbox/examples.json lets the page run has a "Run in
 *     the browser" button; its "Replay the check" runs the example's own
 *     check.ts in the page, and the transcript the page writes must be the
 *     committed transcript.txt, line for line (both normalised by the same
 *     Transcript class): a difference fails, naming the example, with a diff;
 *   - each example that cannot run in a tab shows its one sentence instead;
 *   - at least 80% of the examples that are one program run in the page
 *     (those run by a command of their own, `jopi-rewrite serve`, start
 *     processes, which a page has not: they are counted apart);
 *   - the request panel's Host header reaches the program (a browser keeps
 *     Host for itself);
 *   - screenshots of one example in the page, before and after an edit, go to
 *     test-results/screenshots/;
 *   - a program whose Worker script does not load says so in its console, and
 *     Restart starts it again.
 * It prints each replay's time and the total.
 */
import fs from 'node:fs';
import path from 'node:path';
import {chromium, type Page} from 'playwright-core';
import {formatDiff} from '../../sandbox/runner/diff';
import {loadIndex, type Example} from '../../sandbox/runner/index-file';
import {findBrowser} from './browser';
import {replaceInEditor} from './code-editor';
import {pressRunInPage} from './run-in-page-button';
import {serveBuild} from './serve-build';

const siteDir = path.resolve(import.meta.dir, '../..');
const screenshotDir = path.join(siteDir, 'test-results/screenshots');
const MIN_SHARE = 0.8;
const REPLAY_TIMEOUT_MS = 90_000;

const failures: string[] = [];
const fail = (message: string) => {
  failures.push(message);
  console.log(`FAIL ${message.replaceAll('\n', '\n     ')}`);
};

// brotli-wasm is fetched when a program first stores a compressed page, never with a page or before.
let wasmFetches = 0;
let firstToFetchWasm: Example | undefined;
/** The browser console's errors, shown with a replay that did not finish. */
const consoleErrors: string[] = [];

/** Where an example's control stands, for a failure message: its button, the panel loading, or what the panel says. */
async function whatExampleShows(page: Page, slug: string): Promise<string> {
  const states: [string, string][] = [
    [`[data-run-in-page-button="${slug}"]`, 'its "Run in the browser" button, as if never pressed'],
    [`[data-run-in-page-starting="${slug}"]`, '"Starting the program…"'],
    [`[data-run-in-page-failed="${slug}"]`, ''],
    [`[data-run-in-page="${slug}"] [data-in-page-console]`, 'the panel, whose console is empty'],
  ];
  for (const [selector, said] of states) {
    const element = page.locator(selector).first();
    if ((await element.count()) > 0) return said || ((await element.textContent()) ?? '');
  }
  return 'neither its button nor its panel (the suspense fallback, "Loading the editor and the program…", may be stuck)';
}

/** Opens the example's panel, replays its check, and returns the transcript the page wrote. */
async function replay(page: Page, slug: string): Promise<{transcript: string; status: string; shown: string}> {
  await pressRunInPage(page, slug);
  const panel = page.locator(`[data-run-in-page="${slug}"]`);
  await panel.locator('[data-in-page-console] li').first().waitFor({timeout: 30_000}).catch(async (error: Error) => {
    throw new Error(`${error.message.split('\n')[0]}; the example shows: ${await whatExampleShows(page, slug)}`);
  });
  await panel.locator('[data-replay-button]').click();
  const result = panel.locator('[data-replay-status="passed"], [data-replay-status="failed"]');
  await result.waitFor({timeout: REPLAY_TIMEOUT_MS});
  const status = (await result.getAttribute('data-replay-status')) ?? '';
  const transcript = (await panel.locator('[data-replay-transcript]').textContent()) ?? '';
  const shown = (await result.locator('p').first().textContent()) ?? '';
  const failure = await result.locator('pre').first().textContent();
  await panel.locator('button:has-text("Close")').click();
  return {transcript, status, shown: status === 'failed' ? `${shown}\n${failure}` : shown};
}

async function checkPage(page: Page, base: string, pageId: string, examples: Example[]): Promise<void> {
  await page.goto(`${base}/docs/${pageId}`, {waitUntil: 'networkidle'});
  for (const example of examples) {
    if (example.notInPage !== undefined) {
      const said = (await page.locator(`[data-not-in-page="${example.slug}"]`).textContent({timeout: 5_000}).catch(() => null)) ?? '';
      if (said.includes(example.notInPage)) console.log(`ok   ${example.slug}: runs in page: no (${example.notInPage})`);
      else fail(`${example.slug}: the page should say why it cannot run in the browser ("${example.notInPage}"); it shows "${said}"`);
      continue;
    }
    const started = performance.now();
    const wasmBefore = wasmFetches;
    consoleErrors.length = 0;
    try {
      const {transcript, status, shown} = await replay(page, example.slug);
      if (wasmBefore === 0 && wasmFetches > 0) firstToFetchWasm = example;
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const committed = fs.readFileSync(path.join(example.dir, 'transcript.txt'), 'utf8');
      if (transcript !== committed) {
        fail(`${example.slug}: the transcript written in the page differs from sandbox/${example.slug}/transcript.txt (- committed, + page):\n${formatDiff(committed.trimEnd(), transcript.trimEnd())}\n(the page said: ${shown})`);
      } else if (status !== 'passed') {
        fail(`${example.slug}: the page reports its replay as ${status}: ${shown}`);
      } else {
        console.log(`ok   ${example.slug}: runs in page: yes, its check wrote transcript.txt in the page (${seconds} s)`);
      }
    } catch (error) {
      const logged = consoleErrors.slice(-5);
      fail(`${example.slug}: the replay in the page did not finish: ${(error as Error).message.split('\n')[0]}${logged.length > 0 ? `\nthe browser's console said:\n${logged.join('\n')}` : ''}`);
    }
  }
}

/** The hello example in the page: a request, an edit of the text, the request again, a screenshot each time. */
async function screenshotsOfAnEdit(page: Page, base: string): Promise<void> {
  await page.goto(`${base}/docs/getting-started`, {waitUntil: 'networkidle'});
  await pressRunInPage(page, 'hello');
  const panel = page.locator('[data-run-in-page="hello"]');
  const answer = panel.locator('[data-in-page-answer]');
  await panel.locator('[data-in-page-console] li:has-text("Website started")').waitFor({timeout: 30_000});
  await panel.locator('[data-request-send]').click();
  await answer.filter({hasText: 'Hello world!'}).waitFor({timeout: 10_000});
  fs.mkdirSync(screenshotDir, {recursive: true});
  await panel.screenshot({path: path.join(screenshotDir, 'in-page-hello-before-edit.png')});

  await replaceInEditor(page, panel, 'Hello world!', 'Hello from the page!');
  await panel.locator('[data-in-page-console] li:has-text("Website reloaded")').waitFor({timeout: 10_000});
  await panel.locator('[data-request-send]').click();
  await answer.filter({hasText: 'Hello from the page!'}).waitFor({timeout: 10_000});
  await panel.screenshot({path: path.join(screenshotDir, 'in-page-hello-after-edit.png')});
  const versions = await panel.locator('[data-version-line]').count();
  if (versions !== 2) fail(`hello: one edit should give one reload (2 versions in the console), it shows ${versions}`);
  else console.log('ok   hello: an edit in the page reloads it once; screenshots in-page-hello-{before,after}-edit.png');

  // A browser keeps Host for itself; the panel's Host header must still choose the website, as on a socket.
  await panel.locator('[data-in-page-request] textarea').first().fill('host: example.com:3000');
  await panel.locator('[data-request-send]').click();
  const notFound = 'Not Found: no website for host "example.com" on port 3000.';
  const said = await answer.filter({hasText: notFound}).textContent({timeout: 10_000}).catch(() => null);
  if (said === null) fail(`hello: a request with "host: example.com:3000" should get "404 ${notFound}"; the panel shows "${await answer.textContent()}"`);
  else console.log('ok   hello: the Host header of the request panel chooses the website');
}

/** A program whose Worker script does not load says so in its console, and Restart tries again. */
async function workerLoadFailureShown(page: Page, base: string): Promise<void> {
  await page.goto(`${base}/docs/getting-started`, {waitUntil: 'networkidle'});
  const worker = page.waitForEvent('worker');
  await pressRunInPage(page, 'hello');
  const panel = page.locator('[data-run-in-page="hello"]');
  const workerUrl = (await worker).url();
  await panel.locator('[data-in-page-console] li:has-text("Website started")').waitFor({timeout: 30_000});
  await page.route(workerUrl, (route) => route.abort('connectionrefused'));
  await panel.locator('[data-in-page-restart]').click();
  const said = await panel.locator('[data-in-page-console] li:has-text("could not start")').textContent({timeout: 10_000}).catch(() => null);
  await page.unroute(workerUrl);
  if (said === null) return fail(`hello: a Restart whose Worker script does not load should say "The program could not start" in the console; it shows "${await panel.locator('[data-in-page-console]').textContent()}"`);
  await panel.locator('[data-in-page-restart]').click();
  const again = await panel.locator('[data-in-page-console] li:has-text("Website started")').waitFor({timeout: 30_000}).then(() => true, () => false);
  if (!again) return fail('hello: after a Worker that did not load, Restart should start the program again');
  console.log('ok   hello: a Worker script that does not load is said in the console, and Restart starts the program again');
}

/** The brotli encoder came with the first example whose program compresses, not with a page load. */
function checkWasmFetchedOnDemand(): void {
  if (firstToFetchWasm === undefined) return fail(`the brotli encoder (.wasm) was not first fetched by an example's program: ${wasmFetches === 0 ? 'nothing fetched it, though cache-compression asks for brotli answers' : 'a page load or a panel fetched it before any program compressed'}`);
  const source = fs.readFileSync(path.join(firstToFetchWasm.dir, firstToFetchWasm.files[0]!), 'utf8');
  if (!/addToCache_Compressed|getFromCacheOr/.test(source)) fail(`${firstToFetchWasm.slug} fetched the brotli encoder, but its program stores no compressed page`);
  else console.log(`ok   the brotli encoder is fetched by the first program that stores a compressed page (${firstToFetchWasm.slug}), not by a page load`);
}

async function main(): Promise<number> {
  if (!fs.existsSync(path.join(siteDir, 'build/index.html'))) {
    console.error('build/ is missing: run `npm run build` first.');
    return 1;
  }
  const examples = loadIndex(path.join(siteDir, 'sandbox'));
  const inPage = examples.filter((example) => example.notInPage === undefined);
  const programs = examples.filter((example) => example.command === undefined);
  const share = inPage.length / programs.length;
  console.log(`${inPage.length} of ${examples.length} examples run in the page: ${Math.round(share * 100)}% of the ${programs.length} that are one program (the other ${examples.length - programs.length} run a command that starts processes)`);
  if (share < MIN_SHARE) fail(`only ${Math.round(share * 100)}% of the examples that are one program run in the page; the target is ${MIN_SHARE * 100}%`);

  const found = await findBrowser();
  const site = await serveBuild();
  const browser = await chromium.launch({executablePath: found.executablePath, args: found.args, headless: true});
  const started = performance.now();
  try {
    const page = await browser.newPage({viewport: {width: 1280, height: 900}});
    page.on('pageerror', (error) => fail(`an uncaught error in the page: ${error.message}`));
    page.on('console', (message) => void (message.type() === 'error' && consoleErrors.push(message.text())));
    page.on('request', (request) => void (new URL(request.url()).pathname.endsWith('.wasm') && wasmFetches++));
    for (const pageId of new Set(examples.map((example) => example.page))) {
      await checkPage(page, site.base, pageId, examples.filter((example) => example.page === pageId));
    }
    console.log(`the checks replayed in the page took ${((performance.now() - started) / 1000).toFixed(1)} s`);
    checkWasmFetchedOnDemand();
    await screenshotsOfAnEdit(page, site.base);
    await workerLoadFailureShown(page, site.base);
  } finally {
    await browser.close();
    site.stop();
  }
  console.log(failures.length === 0 ? 'in-page checks: all passed' : `in-page checks: ${failures.length} failed`);
  return failures.length === 0 ? 0 : 1;
}

process.exit(await main());
