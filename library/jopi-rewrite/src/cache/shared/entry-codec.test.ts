import {expect, test} from "bun:test";
import {entryParts, type EntryParts} from "../cache-entry.ts";
import {html, page} from "../../../test/cache-pages.ts";
import {CODEC_VERSION, decodeEntry, encodedLimit, encodeEntry} from "./entry-codec.ts";

const parts = entryParts("k", page(html, {headers: {"cache-control": "max-age=60", vary: "Accept-Encoding"}}), new TextEncoder().encode(html), true, 1 << 20) as EntryParts;
const options = {maxEntryBytes: 1 << 20, cacheableStatuses: [200]};
const bytesOf = (text: string) => Uint8Array.fromBase64(text);
const textOf = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");

test("an entry comes back with its status, headers and every coding, byte for byte", () => {
    expect(parts.bodies.map(([coding]) => coding)).toEqual(["identity", "gzip", "br"]);
    expect(decodeEntry(encodeEntry(parts, "k"), "k", options)).toEqual(parts);
    expect(decodeEntry(encodeEntry(parts, "k", "a secret of 16+ chars"), "k", {...options, secret: "a secret of 16+ chars"})).toEqual(parts);
});

test("a value that is not a whole entry of this format, for this key and secret, is refused, with the reason", () => {
    const bytes = bytesOf(encodeEntry(parts, "k"));
    const truncated = bytes.slice(0, bytes.byteLength - 10);
    const flipped = bytes.slice();
    flipped[bytes.byteLength - 1]! ^= 1;
    const otherVersion = bytes.slice();
    otherVersion[4] = CODEC_VERSION + 1;
    expect(decodeEntry(textOf(truncated), "k", options)).toContain("does not match its signature");
    expect(decodeEntry(textOf(flipped), "k", options)).toContain("does not match its signature");
    expect(decodeEntry(encodeEntry(parts, "k"), "other key", options)).toContain("does not match its signature");
    expect(decodeEntry(encodeEntry(parts, "k"), "k", {...options, secret: "a secret of 16+ chars"})).toContain("not signed with this cache's secret");
    expect(decodeEntry(textOf(otherVersion), "k", options)).toBe(`it was written in format ${CODEC_VERSION + 1}, and this version reads format ${CODEC_VERSION}`);
    expect(decodeEntry("<html>a page cached by another tool</html>", "k", options)).toContain("not an entry");
    expect(decodeEntry("", "k", options)).toContain("not an entry");
    expect(decodeEntry(encodeEntry(parts, "k"), "k", {...options, maxEntryBytes: 1000})).toBe("it is larger than maxEntryBytes (1000)");
});

test("the text of an entry of maxEntryBytes fits in encodedLimit(maxEntryBytes)", () => {
    const body = new Uint8Array(10_000 - 41 - 60);
    const text = encodeEntry({status: 200, statusText: "", headers: [], bodies: [["identity", body]]}, "k");
    expect(Uint8Array.fromBase64(text).byteLength).toBeLessThanOrEqual(10_000);
    expect(text.length).toBeLessThanOrEqual(encodedLimit(10_000));
});
