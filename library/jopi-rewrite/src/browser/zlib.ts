/**
 * `node:zlib` in a browser tab, for the cache: brotli, which browsers cannot make, hands back the
 * bytes unchanged (see web-shims.ts), so the cache keeps the plain page.
 * @module
 */
import {unchangedBytes} from "./web-shims.ts";

export const constants = {BROTLI_PARAM_QUALITY: 1, BROTLI_PARAM_SIZE_HINT: 5};

/**
 * `zlib.brotliCompressSync` in a tab: the same bytes.
 *
 * @example brotliCompressSync(body) === body; // true
 * @see https://jopi-rewrite.dev/docs/in-memory-cache
 */
export function brotliCompressSync(body: Uint8Array): Uint8Array {
    return unchangedBytes(body);
}
