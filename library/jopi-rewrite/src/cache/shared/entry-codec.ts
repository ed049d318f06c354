/**
 * The bytes of a cache entry in Redis: status, headers and every coding of the body in one value,
 * so that a process that did not build the entry serves it without compressing anything again.
 *
 * Layout: "JRSC", the format version (1 byte), the length of the description (4 bytes), a 64-bit
 * hash of everything after the fixed 17 bytes, the description (JSON: status, status text,
 * headers, each coding's length), then the bodies one after the other. Anything else found under
 * a key (another format, a truncated value, flipped bytes, a value written by hand) is refused:
 * the caller treats it as a miss and the next response stored replaces it.
 * @module
 */
import type {EntryParts} from "../cache-entry.ts";
import type {Encoding} from "../encoding.ts";

const MAGIC = [0x4a, 0x52, 0x53, 0x43]; // "JRSC"
/** Bumped whenever the layout changes: entries written by another version are then refused, not misread. */
export const CODEC_VERSION = 1;
const FIXED = 17;
const CODINGS = new Set<string>(["identity", "gzip", "br"]);

function hashOf(bytes: Uint8Array): bigint {
    return BigInt.asUintN(64, BigInt(Bun.hash(bytes)));
}

/**
 * The bytes that stand for `parts` in Redis.
 *
 * @example await redis.set(key, encodeEntry(parts));
 * @see https://jopi-rewrite.dev/docs/in-memory-cache#shared-cache
 */
export function encodeEntry(parts: EntryParts): Uint8Array<ArrayBuffer> {
    const description = new TextEncoder().encode(
        JSON.stringify({s: parts.status, t: parts.statusText, h: parts.headers, b: parts.bodies.map(([coding, bytes]) => [coding, bytes.byteLength])}),
    );
    let total = FIXED + description.byteLength;
    for (const [, bytes] of parts.bodies) total += bytes.byteLength;
    const out = new Uint8Array(total);
    out.set(MAGIC, 0);
    out[4] = CODEC_VERSION;
    const view = new DataView(out.buffer);
    view.setUint32(5, description.byteLength);
    out.set(description, FIXED);
    let offset = FIXED + description.byteLength;
    for (const [, bytes] of parts.bodies) {
        out.set(bytes, offset);
        offset += bytes.byteLength;
    }
    view.setBigUint64(9, hashOf(out.subarray(FIXED)));
    return out;
}

function isHeaderList(value: unknown): value is [string, string][] {
    return Array.isArray(value) && value.every((pair) => Array.isArray(pair) && pair.length === 2 && typeof pair[0] === "string" && typeof pair[1] === "string");
}

/**
 * The parts stored in `bytes`, or a string saying why they cannot be read (never a half-read entry).
 *
 * @example const parts = decodeEntry(await redis.getBuffer(key)); if (typeof parts === "string") miss();
 * @see https://jopi-rewrite.dev/docs/in-memory-cache#shared-cache
 */
export function decodeEntry(bytes: Uint8Array<ArrayBuffer>): EntryParts | string {
    if (bytes.byteLength < FIXED || MAGIC.some((byte, i) => bytes[i] !== byte)) return "it is not an entry of jopi-rewrite's shared cache";
    if (bytes[4] !== CODEC_VERSION) return `it was written in format ${bytes[4]}, and this version reads format ${CODEC_VERSION}`;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (view.getBigUint64(9) !== hashOf(bytes.subarray(FIXED))) return "its content does not match its hash (truncated or altered)";
    const length = view.getUint32(5);
    let description: {s?: unknown; t?: unknown; h?: unknown; b?: unknown};
    try {
        description = JSON.parse(new TextDecoder().decode(bytes.subarray(FIXED, FIXED + length)));
    } catch {
        return "its description is not JSON";
    }
    const {s: status, t: statusText, h: headers, b: lengths} = description ?? {};
    if (!Number.isInteger(status) || (status as number) < 200 || (status as number) > 599 || typeof statusText !== "string" || !isHeaderList(headers)) {
        return "its status or headers are malformed";
    }
    if (!Array.isArray(lengths) || lengths.length === 0 || lengths[0]?.[0] !== "identity") return "it has no plain body";
    const bodies: [Encoding, Uint8Array<ArrayBuffer>][] = [];
    let offset = FIXED + length;
    for (const item of lengths as unknown[]) {
        const [coding, size] = Array.isArray(item) ? item : [];
        if (!CODINGS.has(coding) || !Number.isInteger(size) || size < 0 || offset + size > bytes.byteLength) return "its body lengths are malformed";
        bodies.push([coding as Encoding, bytes.subarray(offset, offset + size)]);
        offset += size;
    }
    if (offset !== bytes.byteLength) return "its body lengths do not add up to its size";
    return {status: status as number, statusText, headers, bodies};
}
