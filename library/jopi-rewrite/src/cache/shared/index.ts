/**
 * The shared tier of the response cache, on Redis or Valkey. Only `initSharedCache` is loaded with
 * the package: the tier itself (its connections, codec, and Bun's Redis client) is loaded by the
 * first call, so that an app that never uses it never loads it.
 *
 * @example
 * import {initSharedCache, WebSite} from "jopi-rewrite";
 * const site = new WebSite("http://127.0.0.1:3000", {cache: initSharedCache({url: "redis://127.0.0.1:6379"})});
 * @see https://jopi-rewrite.dev/docs/in-memory-cache#shared-cache
 * @module
 */
import {lazy} from "../lazy.ts";
import type {SharedCache} from "./shared-cache.ts";
import type {SharedCacheOptions} from "./shared-options.ts";

const tier = lazy(() => require("./process-shared-cache.ts") as typeof import("./process-shared-cache.ts"));

/**
 * Connects this process to a shared cache on Redis or Valkey and returns it; pass it as the
 * `cache` of your websites. The process's memory cache stays in front of it as the first tier.
 * Calling it again (as every reload does) gives the same connections, with the new options.
 *
 * @example
 * const shared = initSharedCache({url: "redis://127.0.0.1:6379", ttlSeconds: 3600});
 * server.addWebsite(new WebSite("http://127.0.0.1:3000", {cache: shared}));
 * @example
 * // A Redis that others reach too: credentials in the URL, entries signed.
 * initSharedCache({url: process.env.REDIS_URL!, secret: process.env.CACHE_SECRET});
 * @see https://jopi-rewrite.dev/docs/in-memory-cache#shared-cache
 */
export function initSharedCache(options: SharedCacheOptions): SharedCache {
    return tier().initSharedCache(options);
}

export type {SharedCache, SharedCacheStats} from "./shared-cache.ts";
export type {SharedCacheOptions} from "./shared-options.ts";
