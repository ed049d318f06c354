/**
 * The HTML template of every page: Docusaurus's own, with its scripts started
 * after the first paint instead of as `defer` scripts in the head.
 *
 * A `defer` script that arrives before the browser's first frame runs before
 * that frame: on a fast network and a slow phone, the reader then looks at a
 * blank page while about 200 ms of React starts up (measured on the API pages
 * with a 4x slower CPU: the first paint came after the main script ran). The
 * text is all in the HTML, so it can be painted first; the scripts, which only
 * add behaviour (search, the run panels, navigation without reloads), load
 * once the parsed page is on screen, in their original order (async = false).
 * A page opened in a background tab is not painted until shown, so there they
 * load as soon as the page is parsed.
 */

/**
 * The loader that replaces the `defer` script tags: plain ES5, as it runs
 * before anything else, and block comments, as the template is rendered with
 * its whitespace trimmed.
 */
const loader = `<script>
(function () {
  var scripts = [<% it.scripts.forEach((script) => { %>"<%= it.baseUrl %><%= script %>",<% }); %>];
  function load() {
    scripts.forEach(function (src) {
      var script = document.createElement('script');
      script.src = src;
      script.async = false;
      document.head.appendChild(script);
    });
  }
  /* The first contentful paint is reported once its frame is on screen; a
     browser without paint timing waits two frames instead. */
  function afterPaint() {
    var paintTiming = typeof PerformanceObserver !== 'undefined' && (PerformanceObserver.supportedEntryTypes || []).indexOf('paint') !== -1;
    if (document.visibilityState !== 'visible') return load();
    if (!paintTiming) return requestAnimationFrame(function () { requestAnimationFrame(load); });
    new PerformanceObserver(function (list, observer) {
      if (list.getEntriesByName('first-contentful-paint').length === 0) return;
      observer.disconnect();
      load();
    }).observe({type: 'paint', buffered: true});
  }
  /* Hydration needs the whole document: never start before it is parsed. */
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', afterPaint);
  else afterPaint();
})();
</script>`;

const deferredScripts = /<% it\.scripts\.forEach\(\(script\) => \{ %>\s*<script src="<%= it\.baseUrl %><%= script %>" defer><\/script>\s*<% \}\); %>/;

/**
 * Docusaurus's page template with the scripts loaded after the first paint.
 * Throws when the template no longer has the script loop it replaces, so that
 * an upgrade of Docusaurus cannot silently bring the `defer` tags back.
 *
 * @example ssrTemplate: afterPaintTemplate(docusaurusTemplate)
 * @see https://docusaurus.io/docs/api/docusaurus-config#ssrTemplate
 */
export function afterPaintTemplate(docusaurusTemplate: string): string {
  if (!deferredScripts.test(docusaurusTemplate)) {
    throw new Error(
      "jopi-docs: Docusaurus's page template no longer has its `defer` script loop: update src/page-template.ts to the new template.",
    );
  }
  return docusaurusTemplate.replace(deferredScripts, loader);
}
