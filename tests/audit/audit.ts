/**
 * `npm run audit`: how quick and how usable the built site is, measured by
 * Lighthouse. It builds the site, serves build/ as a host does, compressed
 * (site-server.ts: jopi-rewrite's cache; `docusaurus serve` compresses nothing,
 * and on a phone's slow network that alone costs seconds of first paint), runs
 * Lighthouse on every page of build/sitemap.xml, mobile and desktop, RUNS times
 * each (3 by default), and prints per page the median of each category and of
 * Total Blocking Time, with PASS or FAIL against the targets of targets.ts. It
 * exits with 1 when a page misses a target.
 *
 * Not part of `npm test`: on a busy machine the performance figures move by
 * tens of points from one run to the next, which the medians only soften.
 *
 * Options: --no-build (audit the existing build/), --runs N, --only A,B* (the
 * page whose path is A, and those whose path starts with B). All runs share one Chromium, one tab each
 * (its profile is named after the process, so two audits of different pages can run side by side):
 * a run takes about 9 s on 2 busy cores, so the 60 pages take about 50 minutes; two audits of
 * alternate pages side by side took 25 minutes, their mobile figures a little lower for sharing the cores.
 */
import fs from 'node:fs';
import path from 'node:path';
import {findBrowser} from '../e2e/browser';
import {runLighthouse} from './lighthouse-run';
import {serveBuild, startChromium, type Started} from './processes';
import {medianFigures, missedTargets, type FormFactor, type RunFigures} from './targets';

const siteDir = path.resolve(import.meta.dir, '../..');
const formFactors: FormFactor[] = ['mobile', 'desktop'];

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at === -1 ? undefined : process.argv[at + 1];
}

const runs = Number(option('--runs') ?? 3);
const only = option('--only')?.split(',');
if (!Number.isInteger(runs) || runs < 1) throw new Error(`jopi-docs audit: --runs must be a whole number >= 1, not "${option('--runs')}".`);

const started: Started[] = [];
const stopAll = () => started.splice(0).forEach((process) => process.stop());
process.on('exit', stopAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));

function build(): void {
  console.log('building the site (docusaurus build)...');
  const result = Bun.spawnSync([path.join(siteDir, 'node_modules/.bin/docusaurus'), 'build'], {cwd: siteDir, stdout: 'ignore', stderr: 'inherit'});
  if (result.exitCode !== 0) throw new Error(`jopi-docs audit: docusaurus build failed (exit code ${result.exitCode}).`);
}

function sitemapPaths(): string[] {
  const sitemap = path.join(siteDir, 'build/sitemap.xml');
  if (!fs.existsSync(sitemap)) throw new Error('jopi-docs audit: no build/sitemap.xml: run without --no-build, or `npm run build` first.');
  const paths = [...fs.readFileSync(sitemap, 'utf8').matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname);
  const wanted = (p: string) => !only || only.some((entry) => (entry.endsWith('*') ? p.startsWith(entry.slice(0, -1)) : p === entry));
  return paths.filter(wanted).sort();
}

type PageResult = {page: string; medians: Record<FormFactor, RunFigures>; missed: string[]; failing: string[]};

function row(result: PageResult): string {
  const cell = (f: RunFigures) => [f.performance, f.accessibility, f['best-practices'], f.seo].map((n) => String(n).padStart(3)).join(' ') + String(f.tbt).padStart(7);
  return `${result.missed.length === 0 ? 'PASS' : 'FAIL'}  ${cell(result.medians.mobile)}  | ${cell(result.medians.desktop)}  | ${result.page}`;
}

async function main(): Promise<number> {
  const begin = Date.now();
  if (!process.argv.includes('--no-build')) build();
  const pages = sitemapPaths();
  if (pages.length === 0) throw new Error(`jopi-docs audit: no page of build/sitemap.xml matches --only "${only?.join(',')}".`);
  const site = await serveBuild(siteDir);
  started.push(site);
  const browser = await findBrowser();
  const chromium = await startChromium(browser, path.join(siteDir, `.scratch/audit-profile-${process.pid}`));
  started.push(chromium);
  console.log(`browser: ${browser.source}`);
  console.log(`${pages.length} pages x ${formFactors.length} form factors x ${runs} runs, on ${site.base}\n`);
  console.log('        mobile: perf a11y bp seo TBT(ms) | desktop: perf a11y bp seo TBT(ms) | page');

  const results: PageResult[] = [];
  for (const page of pages) {
    const medians = {} as Record<FormFactor, RunFigures>;
    const failing = new Set<string>();
    for (const formFactor of formFactors) {
      const figures: RunFigures[] = [];
      for (let i = 0; i < runs; i++) {
        const run = await runLighthouse(site.base + page, formFactor, chromium.port);
        figures.push(run.figures);
        run.failing.forEach((id) => failing.add(id));
      }
      medians[formFactor] = medianFigures(figures);
    }
    const result = {page, medians, missed: formFactors.flatMap((f) => missedTargets(f, medians[f])), failing: [...failing]};
    results.push(result);
    console.log(row(result));
  }

  const failed = results.filter((result) => result.missed.length > 0);
  for (const result of failed) {
    console.log(`\nFAIL ${result.page}: ${result.missed.join('; ')}`);
    if (result.failing.length > 0) console.log(`     audits costing points outside performance (in any run): ${result.failing.join(', ')}`);
  }
  const minutes = ((Date.now() - begin) / 60_000).toFixed(1);
  console.log(`\n${results.length - failed.length} of ${results.length} pages meet every target; ${pages.length * formFactors.length * runs} Lighthouse runs in ${minutes} min.`);
  return failed.length === 0 ? 0 : 1;
}

let code = 1;
try {
  code = await main();
} catch (error) {
  console.error((error as Error).message);
} finally {
  stopAll();
}
process.exit(code);
