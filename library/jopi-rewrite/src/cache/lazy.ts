/**
 * Loading a dependency only when the cache first needs it. Under `bun --hot`, code that stays
 * loaded slows every reload a little (node:zlib alone: about 0.1 ms, measured against a bare
 * app, where 10 MB of plain data cost 0.04 ms), and an app that never caches a response needs
 * none of node:zlib, lru-cache and negotiator.
 * @module
 */

/**
 * Wraps `load` so that it runs on the first call only; later calls return the same value.
 *
 * @example const zlib = lazy(() => require("node:zlib") as typeof import("node:zlib"));
 * @see https://jopi-rewrite.dev/docs/performance#reload-latency
 */
export function lazy<T>(load: () => T): () => T {
    let value: T | undefined;
    return () => (value ??= load());
}
