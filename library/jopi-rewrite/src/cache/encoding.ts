/**
 * Content codings of cached bodies: which one a client gets (negotiation on Accept-Encoding), and
 * making them once, when a response enters the cache, never on the request path.
 * @module
 */
import type NegotiatorClass from "negotiator";
import {lazy} from "./lazy.ts";

const negotiator = lazy(() => require("negotiator") as typeof NegotiatorClass);
const zlib = lazy(() => require("node:zlib") as typeof import("node:zlib"));

/** A content coding the cache can store, `identity` being the plain bytes. */
export type Encoding = "br" | "gzip" | "identity";

// The order is the server's preference, used when the client gives two codings the same q:
// brotli is usually smaller than gzip on text, and as quick to decode.
const CODINGS: readonly Encoding[] = ["br", "gzip", "identity"];
const MEMO_LIMIT = 256;
const MEMO_KEY_LIMIT = 256;
// Each distinct header value is parsed once; clients send a handful of distinct values, but an
// attacker could send millions, or huge ones, so the memo is bounded and starts over when full.
const memo = new Map<string, readonly Encoding[]>();
// Most requests repeat the value of the one before (one browser, one load generator): comparing
// with it costs less than hashing the new string for the Map.
let lastHeader: string | undefined;
let lastRanked: readonly Encoding[] = [];

// @types/negotiator lacks the `preferred` option that negotiator 1.x reads as its tie-breaker.
type EncodingsWithPreference = (available: readonly string[], options: {preferred: readonly string[]}) => string[];

/**
 * The codings a client accepts, best first, for one Accept-Encoding value. Codings it refuses
 * (`q=0`, or left out after `*;q=0`) are absent; `identity` comes last unless the client ranks it.
 *
 * @example acceptedEncodings("gzip, br"); // ["br", "gzip", "identity"]
 * @see https://jopi-rewrite.dev/docs/in-memory-cache
 */
export function acceptedEncodings(acceptEncoding: string | null): readonly Encoding[] {
    const header = acceptEncoding ?? "";
    if (header === lastHeader) return lastRanked;
    let ranked = memo.get(header);
    if (ranked) return remember(header, ranked);
    const parsed = new (negotiator())({headers: {"accept-encoding": header}});
    const encodings = parsed.encodings as unknown as EncodingsWithPreference;
    ranked = encodings.call(parsed, CODINGS, {preferred: CODINGS}) as Encoding[];
    if (header.length <= MEMO_KEY_LIMIT) {
        if (memo.size >= MEMO_LIMIT) memo.clear();
        memo.set(header, ranked);
    }
    return remember(header, ranked);
}

function remember(header: string, ranked: readonly Encoding[]): readonly Encoding[] {
    lastHeader = header;
    lastRanked = ranked;
    return ranked;
}

/**
 * Picks the coding to answer with among those an entry holds. A client that refuses them all,
 * identity included, still gets the plain bytes: a 406 would break more clients than it helps.
 *
 * @example chooseEncoding("gzip;q=1, br;q=0.5", new Set(["gzip", "br"])); // "gzip"
 * @see https://jopi-rewrite.dev/docs/in-memory-cache
 */
export function chooseEncoding(acceptEncoding: string | null, available: ReadonlySet<Encoding>): Encoding {
    for (const encoding of acceptedEncodings(acceptEncoding)) {
        if (encoding === "identity" || available.has(encoding)) return encoding;
    }
    return "identity";
}

const MIN_COMPRESS_BYTES = 1024;
// Formats that carry their own compression: a second pass costs CPU and saves nothing.
const PRECOMPRESSED = /^(?:image\/(?!svg\+xml|bmp|x-icon|vnd\.microsoft\.icon)|video\/|audio\/|font\/woff2?|application\/(?:zip|gzip|x-gzip|x-bzip2?|x-xz|zstd|x-7z-compressed|x-rar-compressed|vnd\.rar|pdf))/i;

/**
 * Whether a body is worth compressing: at least 1 KB, and not a format that is compressed already.
 *
 * @example isCompressible("text/html; charset=utf-8", 20_000); // true
 * @see https://jopi-rewrite.dev/docs/in-memory-cache
 */
export function isCompressible(contentType: string | null, byteLength: number): boolean {
    if (byteLength < MIN_COMPRESS_BYTES) return false;
    return !contentType || !PRECOMPRESSED.test(contentType.trimStart());
}

/** The compressed variants of one body; a coding is absent when it did not make the body smaller. */
export type CompressedVariants = Partial<Record<"br" | "gzip", Uint8Array<ArrayBuffer>>>;

/** How a platform without a synchronous compressor makes gzip or brotli: in a browser tab, CompressionStream or a WebAssembly encoder. */
export type AsyncCompressor = (body: Uint8Array<ArrayBuffer>) => Promise<Uint8Array<ArrayBuffer>>;

let asyncGzip: AsyncCompressor | undefined;
let asyncBrotli: AsyncCompressor | undefined;

/**
 * Makes the cache compress with `gzip`, asynchronously: for the browser entry of the package,
 * where no synchronous compressor exists. Without useAsyncBrotli too, it makes no brotli, which
 * CompressionStream does not make. Bun never calls it, and keeps compressing synchronously, which
 * is faster; `undefined` restores that.
 *
 * @example useAsyncGzip((body) => new Response(new Blob([body]).stream().pipeThrough(new CompressionStream("gzip"))).bytes());
 * @see https://jopi-rewrite.dev/docs/in-memory-cache
 * @internal
 */
export function useAsyncGzip(gzip: AsyncCompressor | undefined): void {
    asyncGzip = gzip;
}

/**
 * Gives the asynchronous path of useAsyncGzip a brotli encoder too (a page's WebAssembly one),
 * so that a page's cache negotiates brotli as Bun's does. Brotli at quality 5, as under Bun.
 *
 * @example useAsyncBrotli(async (body) => (await import("brotli-wasm")).default.then((b) => b.compress(body, {quality: 5})));
 * @see https://jopi-rewrite.dev/docs/in-memory-cache
 * @internal
 */
export function useAsyncBrotli(brotli: AsyncCompressor | undefined): void {
    asyncBrotli = brotli;
}

/**
 * Makes the gzip and brotli variants of a body, keeping only those smaller than it.
 * Brotli runs at quality 5: quality 11 takes ~87 ms per 100 KB for a few percent more.
 * Synchronous under Bun; a promise where `useAsyncGzip` was called, with brotli only when
 * `useAsyncBrotli` was called too.
 *
 * @example const {gzip, br} = compressVariants(new TextEncoder().encode(html)) as CompressedVariants;
 * @see https://jopi-rewrite.dev/docs/in-memory-cache
 */
export function compressVariants(body: Uint8Array<ArrayBuffer>): CompressedVariants | Promise<CompressedVariants> {
    if (asyncGzip !== undefined) return compressAsync(body, asyncGzip, asyncBrotli);
    const variants: CompressedVariants = {};
    const gzip = Bun.gzipSync(body, {level: 6});
    if (gzip.byteLength < body.byteLength) variants.gzip = gzip;
    const {brotliCompressSync, constants} = zlib();
    const br = brotliCompressSync(body, {
        params: {
            [constants.BROTLI_PARAM_QUALITY]: 5,
            [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength,
        },
    });
    if (br.byteLength < body.byteLength) variants.br = new Uint8Array(br.buffer, br.byteOffset, br.byteLength);
    return variants;
}

/** The asynchronous path of compressVariants: both encoders at once, each kept when it saves bytes. */
async function compressAsync(body: Uint8Array<ArrayBuffer>, gzip: AsyncCompressor, brotli: AsyncCompressor | undefined): Promise<CompressedVariants> {
    const [gzipped, brotlied] = await Promise.all([gzip(body), brotli?.(body)]);
    const variants: CompressedVariants = {};
    if (gzipped.byteLength < body.byteLength) variants.gzip = gzipped;
    if (brotlied !== undefined && brotlied.byteLength < body.byteLength) variants.br = brotlied;
    return variants;
}
