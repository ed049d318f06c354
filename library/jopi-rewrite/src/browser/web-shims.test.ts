import {afterEach, expect, test} from "bun:test";
import {useAsyncBrotli, useAsyncGzip} from "../cache/encoding.ts";
import {InMemoryCache} from "../cache/index.ts";
import {ask, html, page} from "../../test/cache-pages.ts";
import {gzipStream} from "./web-shims.ts";

afterEach(() => {
    useAsyncGzip(undefined);
    useAsyncBrotli(undefined);
});

// What the browser entry does: the cache compresses with the tab's CompressionStream, after the
// page is read, and has no brotli to offer.
test("with the page's gzip, the cache stores gzip made by CompressionStream and answers br clients with it", async () => {
    useAsyncGzip(gzipStream);
    const cache = new InMemoryCache();
    const first = await cache.add("a.com/", page(), ask({"accept-encoding": "gzip, br"}), true);
    expect(first.headers.get("content-encoding")).toBe("gzip");
    const gzipped = await first.bytes();
    expect(gzipped.byteLength).toBeLessThan(html.length / 4);
    expect(new TextDecoder().decode(Bun.gunzipSync(gzipped))).toBe(html);
    expect(cache.get("a.com/", ask({"accept-encoding": "br"}))!.headers.get("content-encoding")).toBeNull();
    const plain = cache.get("a.com/", ask({"accept-encoding": "identity"}))!;
    expect([plain.headers.get("content-encoding"), plain.headers.get("vary"), await plain.text()]).toEqual([null, "Accept-Encoding", html]);
});

// The docs site gives its page programs a WebAssembly brotli encoder (brotli-wasm, the site's
// dependency, not the library's); brotli-wasm's Node build stands in for it here.
test("with a brotli encoder as well, the page's cache stores both and answers br clients with brotli", async () => {
    const brotli = await (await import("brotli-wasm")).default;
    useAsyncGzip(gzipStream);
    useAsyncBrotli(async (body) => brotli.compress(body, {quality: 5}) as Uint8Array<ArrayBuffer>);
    const cache = new InMemoryCache();
    const first = await cache.add("a.com/", page(), ask({"accept-encoding": "gzip, br"}), true);
    expect(first.headers.get("content-encoding")).toBe("br");
    const brotlied = await first.bytes();
    expect(new TextDecoder().decode(Bun.gunzipSync(await cache.get("a.com/", ask({"accept-encoding": "gzip"}))!.bytes()))).toBe(html);
    expect(new TextDecoder().decode(brotli.decompress(brotlied))).toBe(html);
    expect(brotlied.byteLength).toBeLessThan(html.length / 4);
});

test("under Bun the cache compresses synchronously, with brotli", async () => {
    const cache = new InMemoryCache();
    const first = await cache.add("a.com/", page(), ask({"accept-encoding": "gzip, br"}), true);
    expect(first.headers.get("content-encoding")).toBe("br");
});
