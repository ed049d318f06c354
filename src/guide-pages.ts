/**
 * The guide pages (docs ids) in reading order. The sidebar, llms.txt and the
 * docs tests all follow this list, so a new page is added here once.
 */
export const guidePages = [
  'intro',
  'getting-started',
  'hot-reload',
  'in-memory-cache',
  'node-space',
  'long-lived-connections',
  'production',
  'security',
  'verifying-the-docs',
  'performance',
] as const;
