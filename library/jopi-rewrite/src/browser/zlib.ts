/**
 * `node:zlib` in a browser tab: the cache's brotli never runs there (it compresses with
 * CompressionStream's gzip only, see useAsyncGzip), and bundlers need the module to exist.
 * @module
 */

export const constants = {BROTLI_PARAM_QUALITY: 1, BROTLI_PARAM_SIZE_HINT: 5};

/**
 * `zlib.brotliCompressSync` in a tab, which has no brotli compressor: says so.
 *
 * @example brotliCompressSync(body); // throws
 * @see https://jopi-rewrite.dev/docs/in-memory-cache
 */
export function brotliCompressSync(): never {
    throw new Error("jopi-rewrite: a browser has no brotli compressor; in the page the cache makes gzip only.");
}
