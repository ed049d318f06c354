import {afterEach, expect, test} from "bun:test";
import {useAsyncGzip} from "../cache/encoding.ts";
import {InMemoryCache} from "../cache/index.ts";
import {ask, html, page} from "../../test/cache-pages.ts";
import {gzipStream} from "./web-shims.ts";

afterEach(() => useAsyncGzip(undefined));

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

test("under Bun the cache compresses synchronously, with brotli", async () => {
    const cache = new InMemoryCache();
    const first = await cache.add("a.com/", page(), ask({"accept-encoding": "gzip, br"}), true);
    expect(first.headers.get("content-encoding")).toBe("br");
});
