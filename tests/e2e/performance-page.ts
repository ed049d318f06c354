/**
 * The Performance page (/docs/performance) in a real browser, against the
 * figures of bench/results/latest.json that the build drew it from:
 *   - each chart's SVG is drawn, with a non-zero size, and has one bar or point
 *     per figure of the file, carrying that figure, a non-zero bar for a
 *     non-zero figure;
 *   - each chart's table has one row per scenario or contender;
 *   - the chart and table of ratios to raw Bun.serve show each recorded ratio,
 *     with its 95% interval where the file has one;
 *   - the targets table has one row per target, with PASS/FAIL/UNSETTLED as recorded;
 *   - chart text and bars stand out from the background in light and in dark
 *     mode, and their colours change with the theme;
 *   - no console error while the page loads.
 * Screenshots: performance.png (light) and performance-dark.png, full page.
 *
 * site.e2e.ts calls checkPerformancePage inside one of its checks; it returns
 * the failures as messages, none when all is well. It leaves the page in the
 * theme it found it in.
 */
import path from 'node:path';
import type {Page} from 'playwright-core';
import {visit} from './visit';
import recorded from '../../bench/results/latest.json';
import {formatInterval, serversOf, targetVerdict, type BenchResults} from '../../src/components/charts/types';

// Also the type check that the bench's file still has the shape the page reads.
const results: BenchResults = recorded;

interface ChartExpectation {
  chart: string;
  /** `data-bar` rects or `data-point` circles. */
  mark: 'bar' | 'point';
  /** The figures the marks must carry, in any order. */
  values: number[];
  /** The table under the chart and its row count. */
  table: string;
  rows: number;
}

function expectations(): ChartExpectation[] {
  const {medians} = results.throughput;
  const servers = serversOf(medians);
  return [
    {
      chart: 'throughput',
      mark: 'bar',
      values: Object.values(medians).flatMap((byServer) => servers.flatMap((server) => (server in byServer ? [byServer[server]!] : []))),
      table: 'throughput',
      rows: Object.keys(medians).length,
    },
    {
      chart: 'throughput-ratios',
      mark: 'bar',
      values: Object.values(results.throughput.ratioMedians).flatMap((byServer) => Object.values(byServer)),
      table: 'throughput-ratios',
      rows: Object.keys(results.throughput.ratioMedians).length,
    },
    {
      chart: 'reload-failures',
      mark: 'bar',
      values: results.underLoad.flatMap((result) => [result.failed, result.non2xx]),
      table: 'reload-under-load',
      rows: results.underLoad.length,
    },
    {
      chart: 'reload-gap',
      mark: 'bar',
      values: results.underLoad.map((result) => result.longestGapMs),
      table: 'reload-under-load',
      rows: results.underLoad.length,
    },
    ...(results.restarts
      ? [
          {chart: 'restart-failures', mark: 'bar' as const, values: results.restarts.flatMap((result) => [result.failed, result.non2xx]), table: 'restarts', rows: results.restarts.length},
          {chart: 'restart-gap', mark: 'bar' as const, values: results.restarts.map((result) => result.longestGapMs), table: 'restarts', rows: results.restarts.length},
        ]
      : []),
    {
      chart: 'reload-latency',
      mark: 'bar',
      values: results.latency.flatMap((result) => [result.minMs, result.medianMs, result.p95Ms]),
      table: 'reload-latency',
      rows: results.latency.length,
    },
    {
      chart: 'memory',
      mark: 'point',
      values: results.memory.flatMap((result) => result.marks.map((mark) => mark.rssMB)),
      table: 'memory',
      rows: results.memory.length,
    },
  ];
}

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);

/** Sets html[data-theme] directly (no click, no localStorage), as the theme switch would. */
async function setTheme(page: Page, theme: string): Promise<void> {
  await page.evaluate((value) => document.documentElement.setAttribute('data-theme', value), theme);
}

/** The computed colours of chart text, of a bar and of the page background. */
async function chartColours(page: Page): Promise<{text: string; bar: string; background: string}> {
  return page.evaluate(() => {
    const text = document.querySelector('svg[data-chart] text');
    const bar = document.querySelector('svg[data-chart] [data-bar]');
    const backgroundOf = (element: Element | null): string => {
      for (let node = element; node; node = node.parentElement) {
        const colour = getComputedStyle(node).backgroundColor;
        if (colour && colour !== 'transparent' && colour !== 'rgba(0, 0, 0, 0)') return colour;
      }
      return 'rgb(255, 255, 255)';
    };
    return {
      text: text ? getComputedStyle(text).fill : '(no chart text)',
      bar: bar ? getComputedStyle(bar).fill : '(no bar)',
      background: backgroundOf(text),
    };
  });
}

export async function checkPerformancePage(page: Page, baseUrl: string, screenshotDir: string): Promise<string[]> {
  const problems: string[] = [];
  const url = `${baseUrl}/docs/performance`;

  const {status, errors} = await visit(page, url);
  if (status !== 200) problems.push(`${url}: HTTP ${status || 'no response'}`);
  for (const error of errors) problems.push(`${url}: console error: ${error}`);

  for (const expected of expectations()) {
    const svg = page.locator(`svg[data-chart="${expected.chart}"]`);
    const count = await svg.count();
    if (count !== 1) {
      problems.push(`chart ${expected.chart}: ${count} SVGs with data-chart="${expected.chart}", expected 1`);
      continue;
    }
    const box = await svg.boundingBox();
    if (!box || box.width < 1 || box.height < 1) problems.push(`chart ${expected.chart}: the SVG is ${box ? `${box.width}x${box.height}` : 'not displayed'}`);

    const marks = await svg.locator(`[data-${expected.mark}]`).evaluateAll((elements) =>
      elements.map((element) => {
        const rect = element.getBoundingClientRect();
        return {value: Number(element.getAttribute('data-value')), width: rect.width, height: rect.height};
      }),
    );
    if (marks.length !== expected.values.length) {
      problems.push(`chart ${expected.chart}: ${marks.length} ${expected.mark}s, expected ${expected.values.length} (one per figure of bench/results/latest.json)`);
    }
    const shown = sorted(marks.map((mark) => mark.value));
    if (JSON.stringify(shown) !== JSON.stringify(sorted(expected.values))) {
      problems.push(`chart ${expected.chart}: figures ${JSON.stringify(shown)}, expected ${JSON.stringify(sorted(expected.values))}: was the site built from another results file?`);
    }
    // A bar is as long as its figure: only a zero may be invisible. A point always shows.
    const invisible = marks.filter((mark) => (expected.mark === 'point' || mark.value > 0) && (mark.width < 1 || mark.height < 1));
    if (invisible.length > 0) problems.push(`chart ${expected.chart}: ${invisible.length} ${expected.mark}s with a non-zero figure are not drawn (${invisible.map((mark) => mark.value).join(', ')})`);

    const rows = await page.locator(`table[data-chart-table="${expected.table}"] tbody tr`).count();
    if (rows !== expected.rows) problems.push(`table ${expected.table}: ${rows} rows, expected ${expected.rows}`);
  }

  // The ratios to raw Bun.serve, which the throughput targets are judged on, as recorded (2 decimals), with their intervals.
  const ratioCells = await page.locator('table[data-chart-table="throughput-ratios"] tbody td').allTextContents();
  const {ratioMedians, ratioIntervals} = results.throughput;
  const recordedRatios = Object.entries(ratioMedians).flatMap(([scenario, byServer]) =>
    Object.entries(byServer).map(([server, ratio]) => {
      const interval = ratioIntervals?.[scenario]?.[server];
      return interval ? formatInterval(interval) : `${ratio.toFixed(2)}x`;
    }),
  );
  if (JSON.stringify(ratioCells.map((text) => text.trim()).filter((text) => text !== 'not measured').sort()) !== JSON.stringify(recordedRatios.sort())) {
    problems.push(`ratio table: cells ${JSON.stringify(ratioCells)}, recorded ratios ${JSON.stringify(recordedRatios)}`);
  }

  const targetRows = page.locator('table[data-targets-table] tbody tr');
  const verdicts = (await targetRows.locator('td:last-child').allTextContents()).map((text) => text.trim());
  const recordedVerdicts = results.targets.map(targetVerdict);
  if (verdicts.length !== results.targets.length) {
    problems.push(`targets table: ${verdicts.length} rows, expected ${results.targets.length} (one per target)`);
  } else if (JSON.stringify(verdicts) !== JSON.stringify(recordedVerdicts)) {
    problems.push(`targets table: results ${verdicts.join(' ')}, recorded ${recordedVerdicts.join(' ')}`);
  }

  const initialTheme = await page.getAttribute('html', 'data-theme');
  const seen: Record<string, {text: string; bar: string; background: string}> = {};
  try {
    for (const theme of ['light', 'dark']) {
      await setTheme(page, theme);
      const colours = (seen[theme] = await chartColours(page));
      if (colours.text === colours.background) problems.push(`${theme} mode: chart text has the background's colour (${colours.text})`);
      if (colours.bar === colours.background) problems.push(`${theme} mode: bars have the background's colour (${colours.bar})`);
      await page.screenshot({path: path.join(screenshotDir, theme === 'light' ? 'performance.png' : `performance-${theme}.png`), fullPage: true});
    }
  } finally {
    await setTheme(page, initialTheme ?? 'light');
  }
  if (seen.light && seen.dark && seen.light.text === seen.dark.text) {
    problems.push(`chart text is ${seen.light.text} in both light and dark mode: the charts do not follow the theme`);
  }
  return problems;
}
