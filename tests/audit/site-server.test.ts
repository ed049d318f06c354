import {afterAll, beforeAll, describe, expect, spyOn, test} from 'bun:test';
import fs from 'node:fs';
import {connect} from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {freePort} from 'hot-harness';
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
  'evil.com/x.html': page('a folder named like a host'),
  '\u{1F600}.html': page('smile'),
};
const secret = 'a file outside build/';

let dir: string;
let outside: string;
let server: JopiServer;
let base: string;
const get = (url: string, headers: Record<string, string> = {}) => fetch(base + url, {headers, redirect: 'manual', decompress: false});

/** Status and Location of a GET sent as raw HTTP, with the path exactly as given: fetch() would tidy it. */
function rawGet(url: string): Promise<{status: number; location: string | null}> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(new URL(base).port), '127.0.0.1', () => socket.write(`GET ${url} HTTP/1.1\r\nHost: ${new URL(base).host}\r\nConnection: close\r\n\r\n`));
    let reply = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk) => (reply += chunk));
    socket.on('end', () => resolve({status: Number(reply.split(' ')[1]), location: /\r\nlocation: ([^\r]*)/i.exec(reply)?.[1] ?? null}));
    socket.on('error', reject);
    socket.setTimeout(10_000, () => socket.destroy(new Error(`no answer to GET ${url}`)));
  });
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'site-server-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), {recursive: true});
    fs.writeFileSync(path.join(dir, name), text);
  }
  outside = fs.mkdtempSync(path.join(os.tmpdir(), 'site-server-outside-'));
  fs.writeFileSync(path.join(outside, 'secret.txt'), secret);
  fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(dir, 'img', 'secret.txt'));
  fs.symlinkSync(outside, path.join(dir, 'linked'));
  // A port the kernel chose: a random one could be a client connection's own port at that moment.
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = siteServer(dir, port);
  server.startServer();
});

afterAll(async () => {
  await server.stopServer();
  fs.rmSync(dir, {recursive: true, force: true});
  fs.rmSync(outside, {recursive: true, force: true});
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

describe('the audit server is safe to point a browser at', () => {
  test('no path makes it redirect to another host', async () => {
    for (const url of ['//evil.com/x.html', '/%2fevil.com/x.html', '/%5cevil.com/x.html', '/%5c%5cevil.com/x.html', '/.//evil.com/x.html']) {
      const {status, location} = await rawGet(url);
      expect([url, status]).toEqual([url, location === null ? 404 : 301]);
      if (location !== null) {
        expect(location).not.toMatch(/^[/\\]{2}/);
        expect(new URL(location, base).origin).toBe(base);
      }
    }
    expect(await rawGet('/%2fevil.com/x.html')).toEqual({status: 301, location: '/evil.com/x'});
    expect(await rawGet('/docs/a%3Fb.html')).toEqual({status: 404, location: null});
  });

  test('a NUL byte or broken percent-encoding gets 400, and a unicode name 301 or 404, with nothing in the log', async () => {
    const logged = spyOn(console, 'error').mockImplementation(() => {});
    try {
      for (const url of ['/a%00b', '/a%00b.html', '/%E0%A4%A', '/docs/%ZZ']) expect([url, (await get(url)).status]).toEqual([url, 400]);
      const smile = await get('/%F0%9F%98%80.html');
      expect([smile.status, smile.headers.get('location')]).toEqual([301, '/%F0%9F%98%80']);
      expect(await (await get('/%F0%9F%98%80')).text()).toBe(files['\u{1F600}.html']!);
      for (const url of ['/%F0%9F%98%81.html', '/%F0%9F%98%81', '/docs/caf%C3%A9']) expect([url, (await get(url)).status]).toEqual([url, 404]);
      expect(logged).not.toHaveBeenCalled();
    } finally {
      logged.mockRestore();
    }
  });

  test('a symbolic link inside build/ to a file or folder outside it is not followed', async () => {
    expect(fs.readFileSync(path.join(dir, 'linked', 'secret.txt'), 'utf8')).toBe(secret);
    for (const url of ['/img/secret.txt', '/linked/secret.txt']) {
      const response = await get(url);
      expect([url, response.status]).toEqual([url, 404]);
      expect(await response.text()).not.toContain(secret);
    }
  });
});
