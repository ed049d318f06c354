import {describe, expect, test} from "bun:test";
import {admits, createSightings, recordSighting} from "./admission.ts";
import {InMemoryCache} from "./memory-cache.ts";
import {resolveCacheOptions} from "./options.ts";
import {createStore} from "./store.ts";
import {ask, page} from "../../test/cache-pages.ts";

describe("recordSighting", () => {
    test("counts each key apart, up to 15", () => {
        const sightings = createSightings();
        expect([1, 2, 3].map(() => recordSighting(sightings, "a.com/x"))).toEqual([1, 2, 3]);
        expect(recordSighting(sightings, "a.com/y")).toBe(1);
        for (let i = 0; i < 20; i++) recordSighting(sightings, "a.com/x");
        expect(recordSighting(sightings, "a.com/x")).toBe(15);
    });

    test("a key is forgotten after two generations of 10,000 other keys, and kept while it is offered again", () => {
        const sightings = createSightings();
        recordSighting(sightings, "old");
        recordSighting(sightings, "kept");
        for (let i = 0; i < 15_000; i++) recordSighting(sightings, `one-off-${i}`);
        // One generation later: both still counted; "kept" is offered again and moves to the recent one.
        expect(recordSighting(sightings, "kept")).toBe(2);
        for (let i = 0; i < 7_000; i++) recordSighting(sightings, `another-${i}`);
        expect(recordSighting(sightings, "kept")).toBe(3);
        expect(recordSighting(sightings, "old")).toBe(1);
    });

    test("memory stays bounded by the generations, whatever the number of keys", () => {
        const sightings = createSightings();
        for (let i = 0; i < 100_000; i++) recordSighting(sightings, `https://flood.com/search?q=${i}`);
        expect(sightings.recent.size + sightings.older.size).toBeLessThanOrEqual(20_000);
        // 100,000 one-off keys: none passed for one offered before.
        expect([...sightings.recent.values(), ...sightings.older.values()].every((count) => count === 1)).toBe(true);
    });
});

describe("admits", () => {
    const store = createStore(resolveCacheOptions({maxEntries: 2}));
    test("anything while there is room, then only keys offered at least as often as the least recently used", async () => {
        const cache = new InMemoryCache(undefined, store);
        expect(admits(store, "a", 1)).toBe(true);
        await cache.add("a", page(), ask(), false);
        await cache.add("b", page(), ask(), false);
        expect(admits(store, "a", 1)).toBe(true);
        expect(admits(store, "c", 1)).toBe(false);
        expect(admits(store, "c", 2)).toBe(true);
        // "a", least recently used, was offered three times: a key offered twice does not push it out.
        await cache.add("a", page(), ask(), false);
        await cache.add("a", page(), ask(), false);
        cache.get("b", ask());
        expect(admits(store, "c", 2)).toBe(false);
        expect(admits(store, "c", 3)).toBe(true);
    });

    test("room means room for an entry of maxEntryBytes, the largest the cache accepts", async () => {
        const roomy = createStore(resolveCacheOptions({maxBytes: 100_000, maxEntryBytes: 60_000}));
        const cache = new InMemoryCache(undefined, roomy);
        await cache.add("a", page(), ask(), false);
        expect(admits(roomy, "b", 1)).toBe(true);
        await cache.add("b", page(), ask(), false);
        // About 48 KB used: a third page of 24 KB would fit, but one of 60 KB might not.
        expect(roomy.lru.calculatedSize).toBeGreaterThan(100_000 - 60_000);
        expect(admits(roomy, "c", 1)).toBe(false);
    });
});
