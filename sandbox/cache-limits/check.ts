import type {Check} from "../runner/check-harness.ts";

interface Stats {
    hits: number;
    misses: number;
    evictions: number;
    entries: number;
    bytes: number;
    maxBytes: number;
}

// Limits: however many distinct pages are asked for, the cache never grows past maxBytes; the
// least recently used pages are evicted, and the stats count them.
export default async (h: Check) => {
    // Entry sizes count the cache key, which holds the port: its number of digits may vary.
    h.normalize(/"bytes":\d+/, '"bytes":<bytes>');
    await h.start();
    let largest = 0;
    for (let id = 1; id <= 50; id++) {
        (await h.get(`/product/${id}`, {record: false})).expectStatus(200);
        largest = Math.max(largest, (await h.get("/stats", {record: false})).json<Stats>().bytes);
    }
    h.note("> GET /product/1 ... /product/50: 50 pages of about 5 KB");
    h.claim(largest <= 64 * 1024, "stats.bytes never went over maxBytes (65536) after any of them", {actual: largest});

    const after = (await h.get("/stats")).json<Stats>();
    h.claim(after.evictions > 0 && after.entries + after.evictions === 50, "the pages that no longer fit were evicted: entries + evictions = 50");

    (await h.get("/product/50")).expectStatus(200);
    (await h.get("/product/1")).expectStatus(200);
    const last = (await h.get("/stats")).json<Stats>();
    h.expectEqual([last.hits - after.hits, last.misses - after.misses], [1, 1], "GET /product/50 (recent) was a hit, GET /product/1 (the oldest) a miss");
};
