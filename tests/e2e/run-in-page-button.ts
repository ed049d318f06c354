/**
 * Pressing an example's "Run in the browser" button from Playwright. Code blocks laid out only near
 * the view hold their real height until then (src/css/custom.css), so scrolling does not move the
 * button; a live playground above it still grows once its editor has loaded (measured: 200 px, a
 * few frames after the scroll that brings it near). Playwright's own wait (two frames without a
 * move) can end before that, and its click then lands where the button was. So the button is
 * pressed once it has kept its place for 10 frames.
 */
import type {Page} from 'playwright-core';

const STILL_FRAMES = 10;

/** Scrolls `slug`'s button into view, waits until it stops moving (at most 2 s), and clicks it. */
export async function pressRunInPage(page: Page, slug: string): Promise<void> {
  const button = page.locator(`[data-run-in-page-button="${slug}"]`);
  await button.scrollIntoViewIfNeeded();
  await button.evaluate(
    (element, stillFrames) =>
      new Promise<void>((resolve) => {
        const deadline = performance.now() + 2_000;
        let top = element.getBoundingClientRect().top;
        let still = 0;
        const frame = () => {
          const now = element.getBoundingClientRect().top;
          still = now === top ? still + 1 : 0;
          top = now;
          if (still >= stillFrames || performance.now() > deadline) resolve();
          else requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      }),
    STILL_FRAMES,
  );
  await button.click();
}
