import {describe, expect, test} from "bun:test";
import {brotliDecompressSync} from "node:zlib";
import {acceptedEncodings, chooseEncoding, compressVariants, isCompressible, type CompressedVariants, type Encoding} from "./encoding.ts";

const both = new Set<Encoding>(["identity", "gzip", "br"]);
const gzipOnly = new Set<Encoding>(["identity", "gzip"]);

describe("chooseEncoding", () => {
    const table: [string | null, Encoding][] = [
        ["gzip", "gzip"],
        ["br", "br"],
        ["gzip, br", "br"],
        ["br, gzip", "br"],
        ["gzip;q=1, br;q=0.5", "gzip"],
        ["br;q=0.8, gzip;q=0.9", "gzip"],
        ["gzip;q=0.5, br;q=0.5", "br"],
        ["gzip, deflate, br, zstd", "br"],
        ["*", "br"],
        ["identity", "identity"],
        ["identity;q=1, *;q=0", "identity"],
        ["gzip;q=0", "identity"],
        ["br;q=0, *", "gzip"],
        ["gzip;q=0.5, identity", "identity"],
        ["*;q=0", "identity"],
        ["", "identity"],
        [null, "identity"],
        ["garbage ,,; q=x ;;", "identity"],
        ["GZIP", "gzip"],
    ];
    for (const [header, expected] of table) {
        test(`${JSON.stringify(header)} -> ${expected}`, () => {
            expect(chooseEncoding(header, both)).toBe(expected);
        });
    }

    test("only offers the codings the entry holds", () => {
        expect(chooseEncoding("br", gzipOnly)).toBe("identity");
        expect(chooseEncoding("br, gzip", gzipOnly)).toBe("gzip");
        expect(chooseEncoding("gzip, br", new Set<Encoding>(["identity"]))).toBe("identity");
    });

    test("answers each header right when the same one comes again, in a row or after others", () => {
        const answers = [...table, ...table, ...table.toReversed()].flatMap(([header, expected]) => [[chooseEncoding(header, both), expected], [chooseEncoding(header, both), expected]]);
        expect(answers.filter(([got, expected]) => got !== expected)).toEqual([]);
    });

    test("still answers right after thousands of distinct headers went through its memo", () => {
        for (let i = 0; i < 2_000; i++) acceptedEncodings(`x-${i}, gzip;q=0.${(i % 9) + 1}`);
        expect(acceptedEncodings("gzip;q=0.2, br;q=0.1")).toEqual(["gzip", "br", "identity"]);
    });
});

describe("isCompressible", () => {
    test("text formats above 1 KB are", () => {
        expect(isCompressible("text/html; charset=utf-8", 5_000)).toBe(true);
        expect(isCompressible("application/json", 5_000)).toBe(true);
        expect(isCompressible("image/svg+xml", 5_000)).toBe(true);
        expect(isCompressible(null, 5_000)).toBe(true);
    });
    test("tiny bodies and compressed formats are not", () => {
        expect(isCompressible("text/html", 1_023)).toBe(false);
        for (const type of ["image/png", "image/jpeg", "IMAGE/WEBP", "video/mp4", "audio/mpeg", "application/zip", "application/gzip", "font/woff2"]) {
            expect(isCompressible(type, 50_000)).toBe(false);
        }
    });
});

describe("compressVariants", () => {
    test("both variants decompress to the body and are smaller, made synchronously under Bun", () => {
        const body = new TextEncoder().encode("<p>hello cache</p>\n".repeat(500));
        const variants = compressVariants(body);
        expect(variants).not.toBeInstanceOf(Promise);
        const {gzip, br} = variants as CompressedVariants;
        expect(gzip).toBeDefined();
        expect(br).toBeDefined();
        expect(gzip!.byteLength).toBeLessThan(body.byteLength);
        expect(br!.byteLength).toBeLessThan(body.byteLength);
        expect(Buffer.from(Bun.gunzipSync(gzip!)).equals(Buffer.from(body))).toBe(true);
        expect(Buffer.from(brotliDecompressSync(br!)).equals(Buffer.from(body))).toBe(true);
    });
    test("keeps no variant that is not smaller than the body", () => {
        const random = new Uint8Array(4_096);
        crypto.getRandomValues(random);
        expect(compressVariants(random)).toEqual({});
    });
});
