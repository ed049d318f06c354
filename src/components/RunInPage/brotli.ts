/**
 * Brotli for the page's programs, which the browser does not make (CompressionStream has gzip
 * and deflate only): brotli-wasm, a WebAssembly build of the reference encoder. It is fetched
 * the first time a program's cache stores a compressed page, or the page reads a br answer, and
 * never before, so no page and no program that compresses nothing pays for it.
 */
type Brotli = Awaited<(typeof import('brotli-wasm'))['default']>;

let loading: Promise<Brotli> | undefined;
const brotli = (): Promise<Brotli> => (loading ??= import('brotli-wasm').then((module) => module.default));

/**
 * Brotli at quality 5, as the cache makes it under Bun: what the page's worker gives the library
 * with useAsyncBrotli.
 *
 * @example useAsyncBrotli(brotliCompress);
 */
export async function brotliCompress(body: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  return (await brotli()).compress(body, {quality: 5}) as Uint8Array<ArrayBuffer>;
}

/**
 * The bytes of a br answer, decoded as a browser would before a check reads them.
 *
 * @example const text = new TextDecoder().decode(await brotliDecompress(raw));
 */
export async function brotliDecompress(body: Uint8Array): Promise<Uint8Array> {
  return (await brotli()).decompress(body);
}
