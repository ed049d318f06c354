/**
 * The data of a cache (entries, counters, limits), kept apart from the code that serves it so
 * that it can be handed from one version of the code to the next under `bun --hot`.
 * @module
 */
import type {LRUCache} from "lru-cache";
import {createSightings, type Sightings} from "./admission.ts";
import type {CacheEntry} from "./cache-entry.ts";
import {lazy} from "./lazy.ts";
import {sameLimits, type ResolvedCacheOptions} from "./options.ts";
import {fitVariants, forgetVariant, type VariedUrl} from "./variants.ts";

/**
 * Bumped whenever CacheStore or CacheEntry change shape, so that another version of this package
 * in the same process starts from an empty store instead of reading fields that are not there.
 */
export const STORE_FORMAT = 5;

/** What a cache keeps across hot reloads. Plain data only: classes change identity at each reload. */
export interface CacheStore {
    format: number;
    options: ResolvedCacheOptions;
    lru: LRUCache<string, CacheEntry>;
    counters: {hits: number; misses: number; evictions: number};
    /** How often each key was offered lately: what lets a page into a full cache (see admission.ts). */
    sightings: Sightings;
    /** The variants of each URL whose response varies on request headers (see variants.ts). */
    varied: Map<string, VariedUrl>;
    /** The jopi-node-space generation that last emptied it for `clearOnHotReload`; 0 for none. */
    clearedGeneration: number;
}

const lruCache = lazy(() => require("lru-cache") as typeof import("lru-cache"));

function newLru(counters: CacheStore["counters"], varied: CacheStore["varied"], options: ResolvedCacheOptions): LRUCache<string, CacheEntry> {
    return new (lruCache().LRUCache)<string, CacheEntry>({
        max: options.maxEntries,
        maxSize: options.maxBytes,
        maxEntrySize: options.maxEntryBytes,
        // The size is worked out once, when the entry is built; recomputing it here would cost every insert.
        sizeCalculation: (entry) => entry.size,
        dispose: (_entry, key, reason) => {
            if (reason === "evict") counters.evictions++;
            // A variant replaced in place stays listed; one that leaves does not.
            if (reason !== "set" && varied.size > 0) forgetVariant(varied, key);
        },
    });
}

/**
 * Creates an empty store with these limits.
 *
 * @example const store = createStore(resolveCacheOptions({maxBytes: 1024 * 1024}));
 * @see https://jopi-rewrite.dev/docs/in-memory-cache
 */
export function createStore(options: ResolvedCacheOptions): CacheStore {
    const counters = {hits: 0, misses: 0, evictions: 0};
    const varied = new Map<string, VariedUrl>();
    return {format: STORE_FORMAT, options, counters, lru: newLru(counters, varied, options), sightings: createSightings(), varied, clearedGeneration: 0};
}

/**
 * Gives a store new limits. When the byte or entry limits change, the LRU is rebuilt and the
 * entries that fit move over, most recently used first; those left behind count as evictions.
 * A lower `maxVariants` removes the least recently used variants of each URL past it.
 *
 * @example applyOptions(store, resolveCacheOptions({maxBytes: 8 * 1024 * 1024}));
 * @see https://jopi-rewrite.dev/docs/in-memory-cache
 */
export function applyOptions(store: CacheStore, options: ResolvedCacheOptions): void {
    const old = store.options;
    store.options = options;
    if (sameLimits(old, options)) {
        if (options.maxVariants < old.maxVariants) fitVariants(store);
        return;
    }
    const kept: [string, CacheEntry, number][] = [];
    let bytes = 0;
    // entries() walks from the most to the least recently used.
    for (const [key, entry] of store.lru.entries()) {
        const fits = entry.size <= options.maxEntryBytes && bytes + entry.size <= options.maxBytes && kept.length < options.maxEntries;
        if (fits) {
            // Entries of the shared tier expire with their Redis copy; the others never do (Infinity).
            kept.push([key, entry, store.lru.getRemainingTTL(key)]);
            bytes += entry.size;
        } else {
            store.counters.evictions++;
        }
    }
    const lru = newLru(store.counters, store.varied, options);
    // Inserting the least recent first leaves the recency order as it was.
    for (let i = kept.length - 1; i >= 0; i--) {
        const [key, entry, ttl] = kept[i]!;
        lru.set(key, entry, Number.isFinite(ttl) ? {ttl} : undefined);
    }
    store.lru = lru;
    fitVariants(store);
}

/**
 * Empties a store, zeroes its counters and forgets which keys were offered, keeping its limits.
 *
 * @example resetStore(store); // store.lru.size === 0
 * @see https://jopi-rewrite.dev/docs/in-memory-cache
 */
export function resetStore(store: CacheStore): void {
    store.lru.clear();
    store.varied.clear();
    store.sightings = createSightings();
    store.counters.hits = 0;
    store.counters.misses = 0;
    store.counters.evictions = 0;
}
