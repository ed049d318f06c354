import type {Page} from 'playwright-core';

/** Opens a URL, returning its HTTP status and the console errors seen while it loads. */
export async function visit(page: Page, url: string): Promise<{status: number; errors: string[]}> {
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
