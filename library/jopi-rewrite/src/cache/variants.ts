/**
 * Several entries for one URL, when its response varies on request headers (`Vary:
 * Accept-Language`): one per combination of their values, up to `maxVariants`, so that visitors
 * alternating between languages do not re-render the page each time.
 *
 * Each variant is an entry of its own in the LRU, under the URL's key + NUL + the values (a NUL
 * is never in a key made from a URL), and counts against the budget like any page. The store
 * lists the variants of each URL, least recently stored or read first: a lookup that misses the URL's key reads the
 * list for the header names to read; a URL without Vary, the usual case, never touches it.
 * @module
 */
import type {CacheStore} from "./store.ts";
import {varyValues} from "./storable.ts";

/** The variants stored for one URL: the request headers they vary on, and their keys, least recently used first. */
export interface VariedUrl {
    names: readonly string[];
    keys: string[];
}

/**
 * The key of the variant of `key` for the values `requestHeaders` give to `names`.
 *
 * @example variantKey("http://a.com/", ["accept-language"], new Headers({"accept-language": "fr"})); // "http://a.com/\0fr"
 * @see https://jopi-rewrite.dev/docs/in-memory-cache#what-is-not-cached
 */
export function variantKey(key: string, names: readonly string[], requestHeaders: Headers): string {
    return `${key}\u0000${varyValues(names, requestHeaders)}`;
}

/**
 * Notes that the variant stored under `variant` left the LRU (evicted, removed, expired), so that
 * the list of its URL no longer names it. The LRU calls it for every entry that leaves.
 *
 * @example dispose: (_entry, key, reason) => { if (reason !== "set") forgetVariant(varied, key); }
 * @see https://jopi-rewrite.dev/docs/in-memory-cache#what-is-not-cached
 */
export function forgetVariant(varied: Map<string, VariedUrl>, variant: string): void {
    const nul = variant.indexOf("\u0000");
    if (nul < 0) return;
    const url = varied.get(variant.slice(0, nul));
    const index = url === undefined ? -1 : url.keys.indexOf(variant);
    if (index < 0) return;
    url!.keys.splice(index, 1);
    if (url!.keys.length === 0) varied.delete(variant.slice(0, nul));
}

/**
 * Removes every variant of `key`; true if there was one.
 *
 * @example dropVariants(store, "http://a.com/page");
 * @see https://jopi-rewrite.dev/docs/in-memory-cache#what-is-not-cached
 */
export function dropVariants(store: CacheStore, key: string): boolean {
    const url = store.varied.get(key);
    if (url === undefined) return false;
    // Off the list first: the removals below then find nothing to forget there.
    store.varied.delete(key);
    let removed = false;
    for (const variant of url.keys) removed = store.lru.delete(variant) || removed;
    return removed;
}

/**
 * What storing `target` for `key` leaves of the other entries of `key`: a response without Vary
 * (`names` undefined) replaces every variant; a varying one replaces the plain entry, and is
 * listed as the newest variant, after which the least recently used past `maxVariants` go.
 *
 * @example store.lru.set(target, entry); storedFor(store, key, names, target);
 * @see https://jopi-rewrite.dev/docs/in-memory-cache#what-is-not-cached
 */
export function storedFor(store: CacheStore, key: string, names: readonly string[] | undefined, target: string): void {
    if (names === undefined) {
        dropVariants(store, key);
        return;
    }
    store.lru.delete(key);
    if (store.lru.has(target)) listVariant(store, key, names, target);
}

/**
 * Notes that `variant` of `url` answered a request: past `maxVariants`, the variants that go are
 * those least recently read, so that a language many visitors read is never the one left out.
 *
 * @example if (entry) variantRead(url, key);
 * @see https://jopi-rewrite.dev/docs/in-memory-cache#what-is-not-cached
 */
export function variantRead(url: VariedUrl, variant: string): void {
    const index = url.keys.indexOf(variant);
    if (index < 0 || index === url.keys.length - 1) return;
    url.keys.splice(index, 1);
    url.keys.push(variant);
}

// Lists `variant` as the newest variant of `key`; those of other header names go.
function listVariant(store: CacheStore, key: string, names: readonly string[], variant: string): void {
    let url = store.varied.get(key);
    if (url !== undefined && url.names.join() !== names.join()) {
        // Dropping the list of the old names would drop the variant just stored with it.
        store.varied.delete(key);
        for (const old of url.keys) if (old !== variant) store.lru.delete(old);
        url = undefined;
    }
    if (url === undefined) store.varied.set(key, (url = {names, keys: []}));
    if (url.keys.includes(variant)) variantRead(url, variant);
    else url.keys.push(variant);
    trim(store, url);
}

function trim(store: CacheStore, url: VariedUrl): void {
    // Off the list before the removal, which then finds nothing to forget there.
    while (url.keys.length > store.options.maxVariants) store.lru.delete(url.keys.shift()!);
}

/**
 * Brings the lists in line with the LRU after its limits changed: variants left behind are
 * unlisted, and a lower `maxVariants` removes the least recently used ones past it.
 *
 * @example applyOptions(store, options); fitVariants(store);
 * @see https://jopi-rewrite.dev/docs/in-memory-cache#what-is-not-cached
 */
export function fitVariants(store: CacheStore): void {
    for (const [key, url] of store.varied) {
        url.keys = url.keys.filter((variant) => store.lru.has(variant));
        trim(store, url);
        if (url.keys.length === 0) store.varied.delete(key);
    }
}
