/**
 * Which responses may enter a full cache. Least-recently-used alone lets any new URL push out the
 * oldest entry, so a flood of one-off URLs (`?v=<random>`) empties the cache of the pages visitors
 * read, and pays a gzip and a brotli pass for each page it will never read again.
 *
 * So the cache counts how often each key was offered to it lately (a TinyLFU "doorkeeper"): while
 * there is room, a page is stored at once; once storing might push something out, a key offered
 * for the first time is not stored, and its response goes out as rendered, unread and uncompressed.
 * Offered again, it is stored (and compressed once) if it was offered at least as often as the
 * entry it pushes out. Hits are not counted, which would cost every hit: a page read often stays
 * at the recent end of the LRU, far from the entries that leave.
 * @module
 */
import type {CacheStore} from "./store.ts";

/**
 * How often keys were offered lately, by a 53-bit hash of the key (a long key costs no more than
 * a short one). Plain data, kept in the cache's store across hot reloads. A key is forgotten once
 * two generations of 10,000 other keys went by: at most 20,000 keys, about 1.5 MB.
 */
export interface Sightings {
    /** Mixed into the hash, so that which keys share a count is not the same in every process. */
    seed: number;
    recent: Map<number, number>;
    older: Map<number, number>;
}

// A count stops there: admission only compares small counts, and the Map values stay small ints.
const MAX_COUNT = 15;
// Long enough for a page asked for again within seconds of a flood to count as seen before.
const GENERATION = 10_000;

/**
 * An empty record of sightings.
 *
 * @example const sightings = createSightings();
 * @see https://jopi-rewrite.dev/docs/in-memory-cache#limits
 */
export function createSightings(): Sightings {
    return {seed: (Math.random() * 2 ** 32) >>> 0, recent: new Map(), older: new Map()};
}

// Two seeded FNV-1a lanes over the UTF-16 code units, as one 53-bit number: no allocation, the
// same in a browser tab, and a chance that one-off keys pass for keys seen before (two keys
// sharing a count) of about one in 10^11 per key, where 32 bits would give one in 200,000.
function hashOf(key: string, seed: number): number {
    let a = (0x811c9dc5 ^ seed) >>> 0;
    let b = 0x050c5d1f;
    for (let i = 0; i < key.length; i++) {
        const code = key.charCodeAt(i);
        a = Math.imul(a ^ code, 0x01000193);
        b = Math.imul(b ^ code, 0x01000193) ^ (a >>> 15);
    }
    return (b & 0x1fffff) * 2 ** 32 + (a >>> 0);
}

function countOf(sightings: Sightings, hash: number): number {
    return sightings.recent.get(hash) ?? sightings.older.get(hash) ?? 0;
}

/**
 * Records that `key` is offered to the cache, and returns how many times it was lately, this one
 * included. The oldest generation of sightings is dropped when the recent one is full.
 *
 * @example if (recordSighting(store.sightings, key) === 1) console.log("first sight");
 * @see https://jopi-rewrite.dev/docs/in-memory-cache#limits
 */
export function recordSighting(sightings: Sightings, key: string): number {
    const hash = hashOf(key, sightings.seed);
    const count = Math.min(countOf(sightings, hash) + 1, MAX_COUNT);
    if (sightings.recent.size >= GENERATION && !sightings.recent.has(hash)) {
        sightings.older = sightings.recent;
        sightings.recent = new Map();
    }
    sightings.recent.set(hash, count);
    return count;
}

/**
 * Whether the entry of `key`, offered `seen` times lately, may be stored: always when it replaces
 * the entry of `key`, or while the cache has room for one more entry of the largest size it
 * accepts (`maxEntryBytes`), so that it pushes none out; otherwise only if `key` was offered
 * before and at least as often as the least recently used entry, the first to leave. Decided
 * before the body is read: a refused response goes out as it is, with no copy and no compression.
 *
 * @example if (!admits(store, key, recordSighting(store.sightings, key))) return response;
 * @see https://jopi-rewrite.dev/docs/in-memory-cache#limits
 */
export function admits(store: CacheStore, key: string, seen: number): boolean {
    const {lru, options, sightings} = store;
    if (lru.has(key)) return true;
    if (lru.size < options.maxEntries && lru.calculatedSize + options.maxEntryBytes <= options.maxBytes) return true;
    if (seen < 2) return false;
    const victim = lru.rkeys().next().value;
    return victim === undefined || seen >= countOf(sightings, hashOf(victim, sightings.seed));
}
