/**
 * One Lighthouse 12 run (its Node API) of one page, in a tab of an already
 * running Chromium: mobile is Lighthouse's default (a mid-range phone, slow 4G,
 * 4x slower CPU, simulated), desktop its desktop preset.
 */
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import {CATEGORIES, type FormFactor, type RunFigures} from './targets';

// Pictures of the page are not figures: skipping them saves seconds per run.
const skipAudits = ['screenshot-thumbnails', 'final-screenshot', 'full-page-screenshot'];

export type RunResult = {figures: RunFigures; failing: string[]};

/** Runs Lighthouse once; throws when Lighthouse could not measure the page. */
export async function runLighthouse(url: string, formFactor: FormFactor, port: number): Promise<RunResult> {
  const config = formFactor === 'desktop' ? desktopConfig : undefined;
  const result = await lighthouse(url, {port, logLevel: 'error', onlyCategories: [...CATEGORIES], skipAudits}, config);
  const lhr = result?.lhr;
  if (!lhr) throw new Error(`jopi-docs audit: Lighthouse returned nothing for ${url} (${formFactor}).`);
  if (lhr.runtimeError) throw new Error(`jopi-docs audit: Lighthouse could not measure ${url} (${formFactor}): ${lhr.runtimeError.message}`);
  const score = (category: string) => Math.round((lhr.categories[category]?.score ?? 0) * 100);
  // The audits that cost points outside performance, to say what to fix.
  const failing = Object.entries(lhr.categories)
    .filter(([id]) => id !== 'performance')
    .flatMap(([, category]) => category.auditRefs)
    .filter((ref) => ref.weight > 0 && (lhr.audits[ref.id]?.score ?? 1) < 1)
    .map((ref) => ref.id);
  return {
    figures: {
      performance: score('performance'),
      accessibility: score('accessibility'),
      'best-practices': score('best-practices'),
      seo: score('seo'),
      tbt: Math.round(lhr.audits['total-blocking-time']?.numericValue ?? 0),
    },
    failing,
  };
}
