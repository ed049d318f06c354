/**
 * Driving the "Run in the browser" editor (CodeMirror) from Playwright as a
 * reader would: text is chosen with the browser's own selection and typed over,
 * a name is hovered with the mouse.
 */
import type {Locator, Page} from 'playwright-core';

/**
 * Finds the first `text` in the editor's lines (a token may be split over several
 * text nodes) and either selects it or returns where it is drawn.
 */
function find(content: Locator, text: string, select: boolean): Promise<{x: number; y: number; width: number; height: number} | null> {
  return content.evaluate(
    (element, {wanted, select}) => {
      for (const line of Array.from(element.querySelectorAll('.cm-line'))) {
        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        const nodes: Text[] = [];
        while (walker.nextNode()) nodes.push(walker.currentNode as Text);
        const at = nodes.map((node) => node.data).join('').indexOf(wanted);
        if (at < 0) continue;
        const place = (offset: number): [Text, number] => {
          for (const node of nodes) {
            if (offset <= node.data.length) return [node, offset];
            offset -= node.data.length;
          }
          return [nodes.at(-1)!, nodes.at(-1)!.data.length];
        };
        const [startNode, startOffset] = place(at);
        const [endNode, endOffset] = place(at + wanted.length);
        if (select) window.getSelection()!.setBaseAndExtent(startNode, startOffset, endNode, endOffset);
        const range = document.createRange();
        range.setStart(startNode, startOffset);
        range.setEnd(endNode, endOffset);
        const {x, y, width, height} = range.getBoundingClientRect();
        return {x, y, width, height};
      }
      return null;
    },
    {wanted: text, select},
  );
}

/** Clicks the start of the editor's first line: the click leaves the text where it is. */
export async function focusEditor(panel: Locator): Promise<void> {
  await panel.locator('.cm-line').first().click({position: {x: 2, y: 2}});
}

/** Selects the first `text` in the editor of `panel` (its visible file) and types `replacement` over it. */
export async function replaceInEditor(page: Page, panel: Locator, text: string, replacement: string): Promise<void> {
  const content = panel.locator('.cm-content');
  await focusEditor(panel);
  if (!(await find(content, text, true))) throw new Error(`the editor does not show "${text}"`);
  // CodeMirror reads the browser's selection on its next selectionchange.
  await page.waitForTimeout(50);
  await page.keyboard.insertText(replacement);
}

/** Moves the mouse over the middle of the first `text` in the editor of `panel`. */
export async function hoverText(page: Page, panel: Locator, text: string): Promise<void> {
  const box = await find(panel.locator('.cm-content'), text, false);
  if (!box) throw new Error(`the editor does not show "${text}"`);
  await page.mouse.move(box.x + 1, box.y + box.height / 2);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
}
