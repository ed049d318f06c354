/**
 * The process's one response cache, whose entries and counters outlive `bun --hot` reloads.
 *
 * The package's entry loads this code once per process, but a second copy of the package (or a
 * program importing these files directly) evaluates it again, and module variables would then
 * start over. So the cache's data lives on globalThis, in jopi-node-space's kept values, and
 * every evaluation of this module wraps that same data.
 * @module
 */
import {getGeneration, isHotReload, keepOnHotReload} from "jopi-node-space";
import {InMemoryCache} from "./memory-cache.ts";
import {resolveCacheOptions, type MemoryCacheOptions, type ResolvedCacheOptions} from "./options.ts";
import {applyOptions, createStore, resetStore, STORE_FORMAT, type CacheStore} from "./store.ts";

const KEEP_KEY = "jopi-rewrite:memory-cache";
let processCache: InMemoryCache | undefined;

function keptStore(options: ResolvedCacheOptions): CacheStore {
    const store = keepOnHotReload(KEEP_KEY, () => createStore(options));
    // Data left by a version of this code with another layout cannot be read safely: start over.
    if (store.format !== STORE_FORMAT) Object.assign(store, createStore(options));
    return store;
}

/**
 * Sets the options of the process's cache and returns it. Call it at the top level of your code:
 * it runs again at each reload, keeping the entries, or emptying them (and the counters) when
 * `clearOnHotReload` is set.
 * New limits apply at once, keeping the most recently used entries that fit.
 *
 * @example const cache = initMemoryCache({maxBytes: 128 * 1024 * 1024});
 * @see https://jopi-rewrite.dev/docs/in-memory-cache
 */
export function initMemoryCache(options: MemoryCacheOptions = {}): InMemoryCache {
    const resolved = resolveCacheOptions(options);
    const store = keptStore(resolved);
    applyOptions(store, resolved);
    // The version being loaded decides, not the one before: saving the edit that turns
    // clearOnHotReload on empties the cache at once. Once per version, so that a second call
    // later in the same load does not throw away what was cached since.
    if (resolved.clearOnHotReload && isHotReload() && store.clearedGeneration !== getGeneration()) {
        resetStore(store);
        store.clearedGeneration = getGeneration();
    }
    return (processCache ??= new InMemoryCache(undefined, store));
}

/**
 * The process's cache, created with the default options if `initMemoryCache` was never called.
 *
 * @example const cached = getInMemoryCache().get(cacheKeyOf(url), request.headers);
 * @see https://jopi-rewrite.dev/docs/in-memory-cache
 */
export function getInMemoryCache(): InMemoryCache {
    return (processCache ??= new InMemoryCache(undefined, keptStore(resolveCacheOptions())));
}
