/**
 * A browser's own EventSource on a resumable event stream: the page counts the events it saw while
 * its connection is cut twice between the browser and the server (a proxy in this process drops
 * every connection, as a network or a load balancer would). The EventSource reconnects by itself
 * with Last-Event-ID, and the page must have seen every event once, in order.
 */
import {afterAll, afterEach, expect, test} from 'bun:test';
import type {Socket} from 'bun';
import {endAll, freePort, startHot} from 'hot-harness';
import {chromium} from 'playwright-core';
import {findBrowser, type FoundBrowser} from './browser';

const found: FoundBrowser | undefined = await findBrowser().catch((error: Error) => {
  console.log(`no browser for the EventSource test: ${error.message}`);
  return undefined;
});

const app = `import {JopiServer, WebSite} from "jopi-rewrite";
const server = new JopiServer();
const site = server.addWebsite(new WebSite("http://127.0.0.1"));
site.onGET("/", req => req.htmlResponse(\`<!doctype html><title>feed</title><script>
window.seen = []; window.opens = 0;
const source = new EventSource("/feed");
source.onopen = () => window.opens++;
source.onmessage = (event) => window.seen.push(Number(event.data));
</script>\`));
site.onGET("/feed", req => req.eventStream({
    resume: true,
    channel: "news",
    retryMs: 100,
    open(stream) { console.log("open", stream.recovered, stream.lastEventId ?? "-"); },
}));
let n = 0;
NodeSpace.timer.newInterval(20, () => { site.publishEvent("news", String(++n)); });
server.startServer();`;

type Pipe = {peer: Socket<Pipe> | undefined; pending: Uint8Array[]};

/** A TCP proxy to `target` whose connections can all be cut at once. */
function cuttingProxy(port: number, target: number): {cut: () => void; stop: () => void} {
  const open = new Set<Socket<Pipe>>();
  const both = {
    data(from: Socket<Pipe>, data: Uint8Array) {
      if (from.data.peer) from.data.peer.write(data);
      else from.data.pending.push(new Uint8Array(data));
    },
    close(socket: Socket<Pipe>) {
      open.delete(socket);
      socket.data.peer?.end();
    },
    error(socket: Socket<Pipe>) {
      socket.data.peer?.end();
    },
  };
  const listener = Bun.listen<Pipe>({
    hostname: '127.0.0.1',
    port,
    socket: {
      ...both,
      async open(client) {
        client.data = {peer: undefined, pending: []};
        open.add(client);
        const upstream = await Bun.connect<Pipe>({hostname: '127.0.0.1', port: target, data: {peer: client, pending: []}, socket: both});
        open.add(upstream);
        client.data.peer = upstream;
        for (const chunk of client.data.pending.splice(0)) upstream.write(chunk);
      },
    },
  });
  return {
    cut: () => {
      for (const socket of [...open]) socket.terminate();
    },
    stop: () => listener.stop(true),
  };
}

let stopProxy = () => {};
afterEach(() => stopProxy());
afterAll(endAll);

test.skipIf(!found)('a browser EventSource whose connection is cut twice sees every event once, in order', async () => {
  const appPort = await freePort();
  const server = startHot({files: {'index.ts': app}, env: {PORT: String(appPort)}});
  await server.stdout.waitFor('Website started');
  const proxyPort = await freePort();
  const proxy = cuttingProxy(proxyPort, appPort);
  stopProxy = proxy.stop;
  const browser = await chromium.launch({executablePath: found!.executablePath, args: found!.args});
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${proxyPort}/`);
    const seen = () => page.evaluate(() => (window as unknown as {seen: number[]}).seen.length);
    const opens = () => page.evaluate(() => (window as unknown as {opens: number}).opens);
    for (let cut = 1; cut <= 2; cut++) {
      const before = await seen();
      while ((await seen()) < before + 10) await Bun.sleep(20);
      proxy.cut();
      while ((await opens()) < cut + 1) await Bun.sleep(20);
    }
    const before = await seen();
    while ((await seen()) < before + 10) await Bun.sleep(20);
    const numbers = await page.evaluate(() => (window as unknown as {seen: number[]}).seen);
    const gaps = numbers.filter((n, i) => i > 0 && n !== numbers[i - 1]! + 1);
    console.log(`the page saw ${numbers.length} events, ${numbers[0]} to ${numbers.at(-1)}, over ${await opens()} connections`);
    expect(gaps).toEqual([]);
    expect(server.stdout.lines.filter((line) => line.startsWith('open ')).map((line) => line.split(' ')[1])).toEqual(['false', 'true', 'true']);
  } finally {
    await browser.close();
  }
}, 60_000);
