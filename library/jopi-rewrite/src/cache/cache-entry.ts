/**
 * One cached response: its body in each coding with the headers of each answer built once at
 * insert, so that a hit only wraps ready-made parts, and the answer to one request made of them.
 * Which responses may become one is decided in `storable.ts`.
 * @module
 */
import {chooseEncoding, compressVariants, isCompressible, type CompressedVariants, type Encoding} from "./encoding.ts";
import {etagOf, matchesIfNoneMatch, variantEtag} from "./etag.ts";
import {varyNames, varyValues} from "./storable.ts";

/** One coding of a cached body, with the status and headers of its answer and of its 304. */
export interface CachedVariant {
    /** A Blob, because `new Response(blob)` shares its bytes where a Uint8Array would be copied. */
    body: Blob;
    /** Built once: a hit passes it to `new Response` as it is. */
    init: {status: number; statusText: string; headers: Headers};
    notModified: {status: 304; headers: Headers};
}

/** A cached response, as stored in the LRU. */
export interface CacheEntry {
    status: number;
    variants: Partial<Record<Encoding, CachedVariant>> & {identity: CachedVariant};
    available: ReadonlySet<Encoding>;
    etags: readonly string[];
    /** Bytes charged to the cache budget. */
    size: number;
    /**
     * The request headers the response varies on (Accept-Encoding aside) and the values of the
     * request it was stored for; undefined values (an entry read back without its request) match none.
     */
    vary?: {names: readonly string[]; values: string | undefined};
}

/** Headers never stored: hop-by-hop ones belong to one connection; the length, coding, tag and date are redone per answer. */
export const DROPPED = new Set([
    "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection", "te",
    "trailer", "transfer-encoding", "upgrade", "content-length", "content-encoding", "etag", "date",
]);
// What RFC 9110 (15.4.5) asks a 304 to repeat from the 200 it stands for.
const KEPT_ON_304 = new Set(["cache-control", "content-location", "expires", "vary", "last-modified"]);
// The Map, Set and object shells of an entry, so that a flood of empty bodies still has a cost.
const ENTRY_OVERHEAD = 256;

function withVary(headers: [string, string][], addAcceptEncoding: boolean): [string, string][] {
    if (!addAcceptEncoding) return headers;
    const index = headers.findIndex(([name]) => name === "vary");
    if (index < 0) return [...headers, ["vary", "Accept-Encoding"]];
    const vary = headers[index]![1];
    if (/(?:^|,)\s*(?:accept-encoding|\*)\s*(?:,|$)/i.test(vary)) return headers;
    const copy = [...headers];
    copy[index] = ["vary", `${vary}, Accept-Encoding`];
    return copy;
}

function makeVariant(source: Pick<Response, "status" | "statusText">, base: [string, string][], body: Uint8Array<ArrayBuffer>, encoding: Encoding, etag: string): CachedVariant {
    const headers = new Headers(base);
    if (encoding !== "identity") headers.set("content-encoding", encoding);
    headers.set("content-length", String(body.byteLength));
    headers.set("etag", etag);
    const notModified = new Headers(base.filter(([name]) => KEPT_ON_304.has(name)));
    notModified.set("etag", etag);
    const {status, statusText} = source;
    return {body: new Blob([body]), init: {status, statusText, headers}, notModified: {status: 304, headers: notModified}};
}

/**
 * What an entry is made of, in a form that can leave the process: status, the stored headers and
 * each coding's bytes, identity first. The shared tier sends these to Redis and back.
 */
export interface EntryParts {
    status: number;
    statusText: string;
    headers: [string, string][];
    bodies: [Encoding, Uint8Array<ArrayBuffer>][];
}

/**
 * The parts of a response whose plain body is `body`, with gzip and brotli bodies when `compress`
 * is true and they pay off. Returns undefined when even the plain body exceeds `maxBytes`.
 * Codings that would push the entry over `maxBytes` are dropped, brotli first: browsers offer
 * gzip wherever they offer br, but offer br over HTTPS only. A promise only where compression is
 * asynchronous (a browser tab, see useAsyncGzip); under Bun it compresses synchronously.
 *
 * @example const parts = entryParts("a.com/", response, bytes, true, 1024 * 1024);
 * @see https://jopi-rewrite.dev/docs/in-memory-cache
 */
export function entryParts(
    key: string,
    source: Pick<Response, "status" | "statusText" | "headers">,
    body: Uint8Array<ArrayBuffer>,
    compress: boolean,
    maxBytes: number,
): EntryParts | undefined | Promise<EntryParts | undefined> {
    const headers: [string, string][] = [];
    let headerBytes = 0;
    source.headers.forEach((value, name) => {
        if (DROPPED.has(name)) return;
        headers.push([name, value]);
        headerBytes += name.length + value.length;
    });
    const size = fixedBytes(key, headerBytes) + body.byteLength;
    if (size > maxBytes) return undefined;
    const codings = compress && isCompressible(source.headers.get("content-type"), body.byteLength) ? compressVariants(body) : {};
    // Only in a browser tab, whose compressor is asynchronous (see useAsyncGzip).
    if (codings instanceof Promise) return codings.then((done) => withCodings(source, headers, headerBytes, body, done, size, maxBytes));
    return withCodings(source, headers, headerBytes, body, codings, size, maxBytes);
}

function withCodings(
    source: Pick<Response, "status" | "statusText">,
    headers: [string, string][],
    headerBytes: number,
    body: Uint8Array<ArrayBuffer>,
    codings: CompressedVariants,
    size: number,
    maxBytes: number,
): EntryParts {
    const bodies: [Encoding, Uint8Array<ArrayBuffer>][] = [["identity", body]];
    for (const encoding of ["gzip", "br"] as const) {
        const coded = codings[encoding];
        const cost = coded ? coded.byteLength + (headerBytes + 128) * 2 : 0;
        if (!coded || size + cost > maxBytes) continue;
        bodies.push([encoding, coded]);
        size += cost;
    }
    return {status: source.status, statusText: source.statusText, headers, bodies};
}

// Each variant holds two header maps; count them all, plus room for the few headers added.
function fixedBytes(key: string, headerBytes: number): number {
    return ENTRY_OVERHEAD + key.length * 2 + (headerBytes + 128) * 2;
}

/**
 * Assembles the entry the cache serves from its parts: the headers of every answer and of its 304
 * built once, the tags, and the bytes it costs. Nothing is compressed here. When the response
 * varies on request headers, the entry answers only requests whose values match those of
 * `requestHeaders`, the request it is stored for; without them, it answers none.
 *
 * @example const entry = entryOf("http://a.com/", parts, request.headers);
 * @see https://jopi-rewrite.dev/docs/in-memory-cache
 */
export function entryOf(key: string, parts: EntryParts, requestHeaders?: Headers): CacheEntry {
    let headerBytes = 0;
    for (const [name, value] of parts.headers) headerBytes += name.length + value.length;
    let size = fixedBytes(key, headerBytes);
    const base = withVary(parts.headers, parts.bodies.length > 1);
    const plainTag = etagOf(parts.bodies[0]![1]);
    const variants = {} as CacheEntry["variants"];
    const etags: string[] = [];
    for (const [encoding, bytes] of parts.bodies) {
        const etag = variantEtag(plainTag, encoding);
        variants[encoding] = makeVariant(parts, base, bytes, encoding, etag);
        etags.push(etag);
        size += bytes.byteLength + (encoding === "identity" ? 0 : (headerBytes + 128) * 2);
    }
    const entry: CacheEntry = {status: parts.status, variants, available: new Set(parts.bodies.map(([encoding]) => encoding)), etags, size};
    const names = varyNames(parts.headers.find(([name]) => name === "vary")?.[1] ?? null);
    if (names !== undefined) entry.vary = {names, values: requestHeaders && varyValues(names, requestHeaders)};
    return entry;
}

/**
 * Builds the entry of a response whose plain body is `body` (see `entryParts`) for the request
 * whose headers are `requestHeaders` (see `entryOf`), or undefined when it exceeds `maxBytes`;
 * a promise of it only where compression is asynchronous (a browser tab).
 *
 * @example const entry = buildEntry("http://a.com/", response, bytes, true, 1024 * 1024, request.headers);
 * @see https://jopi-rewrite.dev/docs/in-memory-cache
 */
export function buildEntry(
    key: string,
    source: Pick<Response, "status" | "statusText" | "headers">,
    body: Uint8Array<ArrayBuffer>,
    compress: boolean,
    maxBytes: number,
    requestHeaders: Headers,
): CacheEntry | undefined | Promise<CacheEntry | undefined> {
    const parts = entryParts(key, source, body, compress, maxBytes);
    if (parts instanceof Promise) return parts.then((done) => done && entryOf(key, done, requestHeaders));
    return parts && entryOf(key, parts, requestHeaders);
}

/**
 * Whether an entry may answer this request: always, unless its response varies on request headers
 * whose values differ from those of the request it was stored for (RFC 9111, 4.1).
 *
 * @example if (entry !== undefined && answers(entry, request.headers)) return answer(entry, request.headers, true);
 * @see https://jopi-rewrite.dev/docs/in-memory-cache
 */
export function answers(entry: CacheEntry, requestHeaders: Headers): boolean {
    return entry.vary === undefined || (entry.vary.values !== undefined && entry.vary.values === varyValues(entry.vary.names, requestHeaders));
}

/**
 * The response for one request from a cached entry: the coding it accepts, or a 304 when its
 * If-None-Match names the entry.
 *
 * @example return answer(entry, request.headers, true);
 * @see https://jopi-rewrite.dev/docs/in-memory-cache
 */
export function answer(entry: CacheEntry, requestHeaders: Headers, useCompressed: boolean): Response {
    // Entries without variants (images, tiny bodies) need no negotiation at all.
    const encoding = useCompressed && entry.available.size > 1 ? chooseEncoding(requestHeaders.get("accept-encoding"), entry.available) : "identity";
    const variant = entry.variants[encoding] ?? entry.variants.identity;
    // RFC 9110 (13.2.1) lets a condition turn only a 2xx into a 304.
    if (entry.status < 300) {
        const ifNoneMatch = requestHeaders.get("if-none-match");
        if (ifNoneMatch !== null && matchesIfNoneMatch(ifNoneMatch, entry.etags)) {
            return new Response(null, variant.notModified);
        }
    }
    return new Response(variant.body, variant.init);
}
