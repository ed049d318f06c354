/**
 * Serves a Docusaurus build/ folder as a real host does, for `npm run audit`:
 * compressed (gzip and brotli, chosen by the request's Accept-Encoding), with
 * ETags and 304s, the file's content type, and long caching of the hashed
 * files under /assets/. `docusaurus serve` sends every file uncompressed, which
 * no production host does: on Lighthouse's slow 4G that alone adds seconds to a
 * phone's first paint, so the audit would measure the server, not the site.
 *
 * It is jopi-rewrite itself: one catch-all route that reads the file once and
 * hands it to the response cache, which compresses each file once and then
 * answers every request from memory.
 *
 * URLs follow `docusaurus serve` (serve-handler with cleanUrls, no trailingSlash
 * option): /docs/x is build/docs/x.html or build/docs/x/index.html, /docs/x/ is
 * build/docs/x/index.html, /docs/x.html redirects to /docs/x, and a path with no
 * file gets build/404.html with status 404.
 *
 * Run: bun tests/audit/site-server.ts <build folder> <port>
 */
import fs from 'node:fs';
import path from 'node:path';
import {JopiServer, WebSite, type JopiRequest} from 'jopi-rewrite';

// What a static host sends: hashed names never change, every other file may.
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'public, max-age=0, must-revalidate';

/** The file of build/ that answers `urlPath`, as `docusaurus serve` picks it; undefined when none does. */
export function fileFor(buildDir: string, urlPath: string): string | undefined {
  // A URL path starts with "/", and normalize() never climbs above that "/": the file stays in build/.
  const relative = path.posix.normalize(urlPath);
  const candidates = relative.endsWith('/') ? [`${relative}index.html`] : [relative, `${relative}.html`, `${relative}/index.html`];
  for (const candidate of candidates) {
    const file = path.join(buildDir, candidate);
    if (fs.statSync(file, {throwIfNoEntry: false})?.isFile()) return file;
  }
  return undefined;
}

/** Where cleanUrls sends a path that names an .html file; undefined when it names none. */
export function cleanUrlOf(urlPath: string): string | undefined {
  if (!urlPath.endsWith('.html')) return undefined;
  const clean = urlPath.slice(0, -'.html'.length);
  return clean.endsWith('/index') ? clean.slice(0, -'index'.length) : clean;
}

function decodedPath(req: JopiRequest): string | undefined {
  try {
    return decodeURIComponent(req.url.pathname);
  } catch {
    return undefined;
  }
}

/**
 * A JopiServer serving `buildDir` on 127.0.0.1:`port` (not started).
 *
 * @example const server = siteServer('build', 3000); server.startServer();
 */
export function siteServer(buildDir: string, port: number): JopiServer {
  const root = path.resolve(buildDir);
  const notFoundPage = path.join(root, '404.html');
  if (!fs.existsSync(notFoundPage)) throw new Error(`jopi-docs audit: ${notFoundPage} is missing: is ${root} a Docusaurus build?`);
  const server = new JopiServer();
  const site = server.addWebsite(new WebSite(`http://127.0.0.1:${port}`));
  site.onGET(['/', '/**'], async (req) => {
    const cached = await req.getFromCache();
    if (cached) return cached;
    const urlPath = decodedPath(req);
    if (urlPath === undefined) return req.textResponse('jopi-docs audit: the path has invalid percent-encoding.', {status: 400});
    const clean = cleanUrlOf(urlPath);
    if (clean !== undefined) return req.redirectResponse(clean + req.url.search, {status: 301});
    const file = fileFor(root, urlPath);
    if (!file) return new Response(Bun.file(notFoundPage), {status: 404, headers: {'cache-control': REVALIDATE}});
    const cacheControl = urlPath.startsWith('/assets/') ? IMMUTABLE : REVALIDATE;
    return req.addToCache_Compressed(new Response(Bun.file(file), {headers: {'cache-control': cacheControl}}));
  });
  return server;
}

if (import.meta.main) {
  const [buildDir, port] = process.argv.slice(2);
  if (!buildDir || !Number.isInteger(Number(port))) {
    console.error('jopi-docs audit: usage: bun tests/audit/site-server.ts <build folder> <port>');
    process.exit(2);
  }
  siteServer(buildDir, Number(port)).startServer();
}
