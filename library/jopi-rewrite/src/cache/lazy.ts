/**
 * Loading a dependency only when the cache first needs it. Under `bun --hot` every function the
 * process has loaded is gone over again at each reload (about 0.1 ms for node:zlib, lru-cache
 * and negotiator together, measured against a bare app), and an app that never caches a
 * response needs none of them.
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
