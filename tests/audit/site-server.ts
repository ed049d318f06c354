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
 * file gets build/404.html with status 404. Unlike a development server it is safe to
 * point a browser at: no redirect leads to another host, a path with a NUL or broken
 * percent-encoding gets 400, and no symbolic link leads out of build/.
 *
 * Run: bun tests/audit/site-server.ts <build folder> <port>
 */
import fs from 'node:fs';
import path from 'node:path';
import {JopiServer, WebSite, type JopiRequest} from 'jopi-rewrite';

// What a static host sends: hashed names never change, every other file may.
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'public, max-age=0, must-revalidate';

/**
 * The file of build/ that answers `urlPath`, as `docusaurus serve` picks it; undefined when none
 * does, or when the file is a symbolic link (or lies in a linked folder) that leads out of build/.
 * `buildDir` is a real path, as `fs.realpathSync` gives it.
 */
export function fileFor(buildDir: string, urlPath: string): string | undefined {
  const relative = normalPath(urlPath);
  const candidates = relative.endsWith('/') ? [`${relative}index.html`] : [relative, `${relative}.html`, `${relative}/index.html`];
  for (const candidate of candidates) {
    const file = path.join(buildDir, candidate);
    if (!fs.statSync(file, {throwIfNoEntry: false})?.isFile()) continue;
    return fs.realpathSync(file).startsWith(buildDir + path.sep) ? file : undefined;
  }
  return undefined;
}

/**
 * A decoded URL path with its dot segments resolved and runs of slashes made one: normalize()
 * never climbs above the leading "/", and no result starts with "//", which a browser reads as
 * another host.
 */
export function normalPath(urlPath: string): string {
  return path.posix.normalize(urlPath).replace(/\/{2,}/g, '/');
}

/** Where cleanUrls sends a path that names an .html file; undefined when it names none. */
export function cleanUrlOf(urlPath: string): string | undefined {
  if (!urlPath.endsWith('.html')) return undefined;
  const clean = urlPath.slice(0, -'.html'.length);
  return clean.endsWith('/index') ? clean.slice(0, -'index'.length) : clean;
}

/** The request's path, decoded; undefined for broken percent-encoding or a NUL, which no file name holds. */
function decodedPath(req: JopiRequest): string | undefined {
  try {
    const decoded = decodeURIComponent(req.url.pathname);
    return decoded.includes('\0') ? undefined : decoded;
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
  // The real path: a file is served only if its own real path lies under it.
  const root = fs.realpathSync(path.resolve(buildDir));
  const notFoundPage = path.join(root, '404.html');
  if (!fs.existsSync(notFoundPage)) throw new Error(`jopi-docs audit: ${notFoundPage} is missing: is ${root} a Docusaurus build?`);
  const notFound = () => new Response(Bun.file(notFoundPage), {status: 404, headers: {'cache-control': REVALIDATE}});
  const server = new JopiServer();
  const site = server.addWebsite(new WebSite(`http://127.0.0.1:${port}`));
  site.onGET(['/', '/**'], async (req) => {
    const cached = await req.getFromCache();
    if (cached) return cached;
    const urlPath = decodedPath(req);
    if (urlPath === undefined) return req.textResponse('jopi-docs audit: the path has invalid percent-encoding or a NUL byte.', {status: 400});
    const clean = cleanUrlOf(normalPath(urlPath));
    if (clean !== undefined) {
      // Encoded, a backslash is %5C: "/\evil.com" would lead a browser to another host.
      const location = encodeURI(clean).replace(/[?#]/g, encodeURIComponent);
      return fileFor(root, clean) ? req.redirectResponse(location + req.url.search, {status: 301}) : notFound();
    }
    const file = fileFor(root, urlPath);
    if (!file) return notFound();
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
