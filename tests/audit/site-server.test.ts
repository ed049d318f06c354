import {afterAll, beforeAll, describe, expect, test} from 'bun:test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {JopiServer} from 'jopi-rewrite';
import {cleanUrlOf, siteServer} from './site-server';

// A build/ in miniature: the shapes of path Docusaurus writes.
const page = (title: string) => `<!doctype html><html><head><title>${title}</title></head><body>${'<p>words of the page</p>'.repeat(200)}</body></html>`;
const files: Record<string, string> = {
  'index.html': page('home'),
  '404.html': page('not found'),
  'docs/hot-reload/index.html': page('hot reload'),
  'docs/flat.html': page('flat'),
  'assets/js/main.0123abcd.js': 'console.log("main");'.repeat(200),
  'assets/css/styles.0123abcd.css': 'body{color:#111}'.repeat(200),
  'img/logo.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
};

let dir: string;
let server: JopiServer;
let base: string;
const get = (url: string, headers: Record<string, string> = {}) => fetch(base + url, {headers, redirect: 'manual', decompress: false});

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'site-server-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), {recursive: true});
    fs.writeFileSync(path.join(dir, name), text);
  }
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  base = `http://127.0.0.1:${port}`;
  server = siteServer(dir, port);
  server.startServer();
});

afterAll(async () => {
  await server.stopServer();
  fs.rmSync(dir, {recursive: true, force: true});
});

describe('the audit serves build/ as a host does', () => {
  test('pages and assets come compressed in the coding the client prefers, with their content type', async () => {
    const gzip = await get('/docs/hot-reload/', {'accept-encoding': 'gzip, deflate'});
    expect(gzip.status).toBe(200);
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(gzip.headers.get('content-type')).toStartWith('text/html');
    expect(new TextDecoder().decode(Bun.gunzipSync(new Uint8Array(await gzip.arrayBuffer())))).toBe(files['docs/hot-reload/index.html']);

    const br = await get('/assets/js/main.0123abcd.js', {'accept-encoding': 'gzip, br'});
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('content-type')).toStartWith('text/javascript');
    expect(br.headers.get('cache-control')).toContain('immutable');

    const plain = await get('/assets/css/styles.0123abcd.css');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.headers.get('content-type')).toStartWith('text/css');
    expect(await plain.text()).toBe(files['assets/css/styles.0123abcd.css']!);
  });

  test('a repeat visit with the ETag gets a 304', async () => {
    const first = await get('/', {'accept-encoding': 'gzip'});
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    expect(first.headers.get('cache-control')).toContain('must-revalidate');
    const again = await get('/', {'accept-encoding': 'gzip', 'if-none-match': etag!});
    expect(again.status).toBe(304);
  });

  test('URLs follow docusaurus serve: clean URLs, with or without the slash, and .html redirects', async () => {
    expect(await (await get('/docs/hot-reload')).text()).toBe(files['docs/hot-reload/index.html']!);
    expect(await (await get('/docs/flat')).text()).toBe(files['docs/flat.html']!);
    const redirect = await get('/docs/flat.html?x=1');
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/docs/flat?x=1');
    expect(cleanUrlOf('/docs/index.html')).toBe('/docs/');
    expect((await get('/img/logo.svg')).headers.get('content-type')).toStartWith('image/svg+xml');
  });

  test('a path with no file, or one that climbs out of build/, gets 404.html with status 404', async () => {
    for (const url of ['/docs/nowhere', '/docs/hot-reload/nested', '/docs/%2e%2e/%2e%2e/%2e%2e/etc/passwd']) {
      const response = await get(url);
      expect(response.status).toBe(404);
      expect(await response.text()).toBe(files['404.html']!);
    }
  });
});
