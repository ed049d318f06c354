import type {Check} from "../runner/check-harness.ts";

interface Stats {
    hits: number;
    misses: number;
    evictions: number;
    entries: number;
    bytes: number;
    maxBytes: number;
}

// Limits: however many distinct pages are asked for, the cache never grows past maxBytes. Once it
// is full, a page asked for once is sent without being stored, so that it pushes out no other; a
// page asked for again is stored, in place of the least recently used ones. The stats count it all.
export default async (h: Check) => {
    // Entry sizes count the cache key, which holds the port: its number of digits may vary.
    h.normalize(/"bytes":\d+/, '"bytes":<bytes>');
    await h.start();
    let largest = 0;
    for (let id = 1; id <= 50; id++) {
        (await h.get(`/product/${id}`, {record: false})).expectStatus(200);
        largest = Math.max(largest, (await h.get("/stats", {record: false})).json<Stats>().bytes);
    }
    h.note("> GET /product/1 ... /product/50: 50 pages of about 5 KB, each asked once");
    h.claim(largest <= 64 * 1024, "stats.bytes never went over maxBytes (65536) after any of them", {actual: largest});

    const after = (await h.get("/stats")).json<Stats>();
    h.claim(after.entries > 0 && after.entries < 50 && after.evictions === 0, "the first pages filled the cache; the others, asked once, were not stored and pushed none out");

    (await h.get("/product/50")).expectStatus(200);
    (await h.get("/product/50")).expectStatus(200);
    const last = (await h.get("/stats")).json<Stats>();
    h.expectEqual([last.hits - after.hits, last.misses - after.misses], [1, 1], "asked a second time, /product/50 was stored: the next request was a hit");

    for (let id = 40; id <= 49; id++) (await h.get(`/product/${id}`, {record: false})).expectStatus(200);
    h.note("> GET /product/40 ... /product/49: 10 pages asked a second time");
    const full = (await h.get("/stats")).json<Stats>();
    h.claim(full.bytes <= 64 * 1024 && full.evictions > 0 && full.entries + full.evictions === after.entries + 11, "each was stored, and the least recently used pages were evicted to make room");
    (await h.get("/product/1")).expectStatus(200);
    const end = (await h.get("/stats")).json<Stats>();
    h.expectEqual([end.hits - full.hits, end.misses - full.misses], [0, 1], "GET /product/1, the least recently used, was evicted: a miss");
};
