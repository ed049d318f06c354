/**
 * The response cache of jopi-rewrite: in memory, least-recently-used within a byte budget,
 * compressed once at insert, negotiated per request, kept across `bun --hot` reloads.
 *
 * @example
 * import {cacheKeyOf, initMemoryCache} from "jopi-rewrite";
 * const cache = initMemoryCache({maxBytes: 64 * 1024 * 1024});
 * const cached = cache.get(cacheKeyOf(new URL(request.url)), request.headers);
 * @see https://jopi-rewrite.dev/docs/in-memory-cache
 * @module
 */
export {InMemoryCache} from "./memory-cache.ts";
export {getInMemoryCache, initMemoryCache} from "./process-cache.ts";
export {cacheKeyMaker, cacheKeyOf, type CacheQuery} from "./cache-key.ts";
export type {MemoryCacheOptions, MemoryCacheStats} from "./options.ts";
export type {CacheStore} from "./store.ts";
export type {CacheTier, CacheTierStats} from "./tier.ts";
export {initSharedCache, type SharedCache, type SharedCacheOptions, type SharedCacheStats} from "./shared/index.ts";
