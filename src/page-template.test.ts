/**
 * The page template: Docusaurus's own with its `defer` scripts replaced by a
 * loader that starts them once the first paint is on screen. The template is
 * rendered by Docusaurus's own compiler, and the loader it writes runs here
 * against a stand-in document; tests/e2e/site.e2e.ts checks the same in Chromium.
 */
import {describe, expect, test} from 'bun:test';
import docusaurusTemplate from '@docusaurus/core/lib/ssg/ssgTemplate.html.js';
import {compileSSGTemplate} from '@docusaurus/core/lib/ssg/ssgTemplate.js';
import config from '../docusaurus.config';
import {afterPaintTemplate} from './page-template';

async function renderPage(): Promise<string> {
  const render = await compileSSGTemplate(afterPaintTemplate(docusaurusTemplate));
  return render({
    appHtml: '<p>text</p>',
    baseUrl: '/',
    htmlAttributes: '',
    bodyAttributes: '',
    headTags: '',
    preBodyTags: '',
    postBodyTags: '',
    metaAttributes: [],
    scripts: ['assets/js/runtime~main.js', 'assets/js/main.js'],
    stylesheets: ['assets/css/styles.css'],
    noIndex: false,
    version: 'test',
  });
}

type Page = {
  appended: {src: string; async: boolean}[];
  fire: (event: 'DOMContentLoaded' | 'first-paint' | 'first-contentful-paint') => void;
};

/** Runs the page's loader with a document that is still loading, in a visible or hidden tab. */
function runLoader(html: string, visibility: 'visible' | 'hidden'): Page {
  const code = /<script>\s*(\(function \(\) \{[\s\S]*?\}\)\(\);)\s*<\/script>/.exec(html)?.[1];
  if (!code) throw new Error('no loader script in the rendered page');
  const appended: Page['appended'] = [];
  const listeners: Record<string, () => void> = {};
  const observers: ((names: string[]) => void)[] = [];
  const document = {
    readyState: 'loading',
    visibilityState: visibility,
    addEventListener: (type: string, listener: () => void) => (listeners[type] = listener),
    createElement: () => ({src: '', async: true}),
    head: {appendChild: (script: {src: string; async: boolean}) => appended.push({...script})},
  };
  class PerformanceObserver {
    static supportedEntryTypes = ['paint'];
    private connected = true;
    constructor(callback: (list: {getEntriesByName: (name: string) => unknown[]}, observer: PerformanceObserver) => void) {
      observers.push((names) => this.connected && callback({getEntriesByName: (name) => names.filter((n) => n === name)}, this));
    }
    observe() {}
    disconnect() {
      this.connected = false;
    }
  }
  new Function('document', 'PerformanceObserver', 'requestAnimationFrame', code)(document, PerformanceObserver, () => {
    throw new Error('the loader waited for frames although paint timing is there');
  });
  return {
    appended,
    fire: (event) => (event === 'DOMContentLoaded' ? listeners[event]?.() : observers.forEach((notify) => notify([event]))),
  };
}

describe('afterPaintTemplate', () => {
  test('the page has no defer script, and the site uses the template', async () => {
    const html = await renderPage();
    expect(html).not.toContain('defer');
    expect(html).toContain('<div id="__docusaurus"><p>text</p></div>');
    expect(config.ssrTemplate).toBe(afterPaintTemplate(docusaurusTemplate));
  });

  test('scripts start, in order, only once the page is parsed and its first contentful paint is reported', async () => {
    const page = runLoader(await renderPage(), 'visible');
    page.fire('first-contentful-paint');
    expect(page.appended).toEqual([]);
    page.fire('DOMContentLoaded');
    page.fire('first-paint');
    expect(page.appended).toEqual([]);
    page.fire('first-contentful-paint');
    expect(page.appended).toEqual([
      {src: '/assets/js/runtime~main.js', async: false},
      {src: '/assets/js/main.js', async: false},
    ]);
    page.fire('first-contentful-paint');
    expect(page.appended).toHaveLength(2);
  });

  test('in a hidden tab, which paints nothing until shown, scripts start once the page is parsed', async () => {
    const page = runLoader(await renderPage(), 'hidden');
    expect(page.appended).toEqual([]);
    page.fire('DOMContentLoaded');
    expect(page.appended.map((script) => script.src)).toEqual(['/assets/js/runtime~main.js', '/assets/js/main.js']);
  });

  test('a template without the script loop it replaces is refused', () => {
    expect(() => afterPaintTemplate('<html><body><%~ it.appHtml %></body></html>')).toThrow(
      /^jopi-docs: Docusaurus's page template no longer has its `defer` script loop/,
    );
  });
});
