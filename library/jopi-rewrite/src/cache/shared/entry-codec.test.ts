import {expect, test} from "bun:test";
import {entryParts, type EntryParts} from "../cache-entry.ts";
import {html, page} from "../../../test/cache-pages.ts";
import {CODEC_VERSION, decodeEntry, encodeEntry} from "./entry-codec.ts";

const parts = entryParts("k", page(html, {headers: {"cache-control": "max-age=60", vary: "Cookie"}}), new TextEncoder().encode(html), true, 1 << 20) as EntryParts;

test("an entry comes back with its status, headers and every coding, byte for byte", () => {
    expect(parts.bodies.map(([coding]) => coding)).toEqual(["identity", "gzip", "br"]);
    const decoded = decodeEntry(encodeEntry(parts));
    expect(decoded).toEqual(parts);
});

test("a value that is not a whole entry of this format is refused, with the reason", () => {
    const bytes = encodeEntry(parts);
    const truncated = bytes.slice(0, bytes.byteLength - 10);
    const flipped = bytes.slice();
    flipped[bytes.byteLength - 1]! ^= 1;
    const otherVersion = bytes.slice();
    otherVersion[4] = CODEC_VERSION + 1;
    expect(decodeEntry(truncated)).toContain("does not match its hash");
    expect(decodeEntry(flipped)).toContain("does not match its hash");
    expect(decodeEntry(otherVersion)).toBe(`it was written in format ${CODEC_VERSION + 1}, and this version reads format ${CODEC_VERSION}`);
    expect(decodeEntry(new TextEncoder().encode("<html>a page cached by another tool</html>"))).toContain("not an entry");
    expect(decodeEntry(new Uint8Array(0))).toContain("not an entry");
});
