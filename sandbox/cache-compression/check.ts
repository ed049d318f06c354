import type {Check} from "../runner/check-harness.ts";

const SHOW = ["content-encoding", "vary", "etag"];

// Compression and negotiation: each client gets the coding it asks for (gzip, br, or none), with
// Vary: Accept-Encoding; the ETag turns a repeat visit into a 304; stats count what happened.
export default async (h: Check) => {
    h.normalize(/"[0-9a-f]{6,}(-gz|-br)?"/, '"<hash>$1"'); // An ETag is a hash of the page.
    h.normalize(/"bytes":\d+/, '"bytes":<bytes>'); // Depends on the compressors' exact output.
    await h.start();

    const gzip = await h.get("/", {headers: {"accept-encoding": "gzip"}, show: SHOW});
    gzip.expectStatus(200).expectHeader("content-encoding", "gzip").expectHeader("vary", "Accept-Encoding");
    const br = await h.get("/", {headers: {"accept-encoding": "gzip, br"}, show: SHOW});
    br.expectStatus(200).expectHeader("content-encoding", "br").expectHeader("vary", "Accept-Encoding");
    const plain = await h.get("/", {headers: {"accept-encoding": "identity"}, show: SHOW});
    plain.expectStatus(200).expectHeader("content-encoding", null).expectBody(gzip.text);
    h.claim(br.text === plain.text, "gzip and br decode to the same page as the plain answer");
    h.claim(gzip.raw.byteLength < plain.raw.byteLength / 4 && br.raw.byteLength < gzip.raw.byteLength, "br < gzip < a quarter of the plain page", {
        actual: {br: br.raw.byteLength, gzip: gzip.raw.byteLength, plain: plain.raw.byteLength},
    });

    const etag = gzip.headers.get("etag")!;
    (await h.get("/", {headers: {"accept-encoding": "gzip", "if-none-match": etag}, show: ["etag"]})).expectStatus(304).expectHeader("etag", etag);
    (await h.get("/", {headers: {"accept-encoding": "br", "if-none-match": etag}})).expectStatus(304);
    h.note("= the tag of the gzip answer is good for the br one too: same page");

    const stats = (await h.get("/stats")).expectStatus(200).json<{hits: number; misses: number; entries: number}>();
    h.expectEqual([stats.misses, stats.hits, stats.entries], [1, 4, 1], "1 miss (the first request, which filled the cache), then 4 hits, 1 entry");
};
