/**
 * The value of a cache entry in Redis: status, headers and every coding of the body in one value,
 * so that a process that did not build the entry serves it without compressing anything again.
 *
 * Anyone who can reach Redis can write any key, so a value is trusted for nothing: it must carry
 * a valid HMAC-SHA256 of its key and content (keyed with the `secret` option, or with a public
 * key without one, which then only catches damage), and must be a response the cache would have
 * stored. The value is base64 text, so that a lookup can read at most the entry budget with
 * GETRANGE: Bun's client gives bytes only for a whole GET, whatever the size of the value.
 *
 * Layout, before base64: "JRSC", the format version (1 byte), the length of the description
 * (4 bytes), the HMAC (32 bytes), the description (JSON: status, status text, headers, each
 * coding's length), then the bodies one after the other.
 * @module
 */
import type {EntryParts} from "../cache-entry.ts";
import type {Encoding} from "../encoding.ts";
import {checkParts} from "./entry-check.ts";

const MAGIC = [0x4a, 0x52, 0x53, 0x43]; // "JRSC"
/** Bumped whenever the layout changes: entries written by another version are then refused, not misread. */
export const CODEC_VERSION = 2;
const MAC_AT = 9;
const FIXED = MAC_AT + 32;
// Without a secret, the HMAC still tells a damaged value, but anyone can compute it.
const PUBLIC_KEY = "jopi-rewrite shared cache";

/**
 * The HMAC-SHA256 of `parts`, one after the other, keyed with `secret` (or the public key without
 * one): what signs the entries and the invalidation messages.
 * @example const mac = macOf(options.secret, [key, new Uint8Array(1), content]);
 * @see https://jopi-rewrite.dev/docs/security#what-a-neighbour-on-redis-can-do
 */
export function macOf(secret: string | undefined, parts: (string | Uint8Array)[]): Uint8Array {
    const hmac = new Bun.CryptoHasher("sha256", secret ?? PUBLIC_KEY);
    for (const part of parts) hmac.update(part);
    return hmac.digest() as Uint8Array;
}

// The key is signed too, so that an entry cannot be moved to another page's key.
const entryMac = (secret: string | undefined, key: string, content: Uint8Array) => macOf(secret, [key, new Uint8Array(1), content]);

/**
 * Whether two signatures are equal, in a time that does not tell how many leading bytes match.
 * (Not node:crypto's timingSafeEqual: the browser build of the library must not import node:.)
 *
 * @example if (!sameMac(received, expected)) return "not signed";
 * @see https://jopi-rewrite.dev/docs/in-memory-cache#shared-cache
 */
export function sameMac(a: Uint8Array, b: Uint8Array): boolean {
    if (a.byteLength !== b.byteLength) return false;
    let difference = 0;
    for (let i = 0; i < a.byteLength; i++) difference |= a[i]! ^ b[i]!;
    return difference === 0;
}

/**
 * The length of the text that stands for an entry of `maxEntryBytes` bytes: reads stop there.
 *
 * @example client.getrange(key, 0, encodedLimit(options.maxEntryBytes));
 * @see https://jopi-rewrite.dev/docs/in-memory-cache#shared-cache
 */
export function encodedLimit(maxEntryBytes: number): number {
    return Math.ceil(maxEntryBytes / 3) * 4;
}

/**
 * The text that stands for `parts` under `key` in Redis, signed with `secret` when given.
 *
 * @example await redis.set(key, encodeEntry(parts, key, options.secret));
 * @see https://jopi-rewrite.dev/docs/in-memory-cache#shared-cache
 */
export function encodeEntry(parts: EntryParts, key: string, secret?: string): string {
    const description = new TextEncoder().encode(
        JSON.stringify({s: parts.status, t: parts.statusText, h: parts.headers, b: parts.bodies.map(([coding, bytes]) => [coding, bytes.byteLength])}),
    );
    let total = FIXED + description.byteLength;
    for (const [, bytes] of parts.bodies) total += bytes.byteLength;
    const out = Buffer.alloc(total);
    out.set(MAGIC, 0);
    out[4] = CODEC_VERSION;
    out.writeUInt32BE(description.byteLength, 5);
    out.set(description, FIXED);
    let offset = FIXED + description.byteLength;
    for (const [, bytes] of parts.bodies) {
        out.set(bytes, offset);
        offset += bytes.byteLength;
    }
    out.set(entryMac(secret, key, out.subarray(FIXED)), MAC_AT);
    return out.toString("base64");
}

function decodeText(text: string): Uint8Array<ArrayBuffer> | undefined {
    try {
        return Uint8Array.fromBase64(text);
    } catch {
        return undefined;
    }
}

/**
 * The parts stored under `key` in `text`, or a string saying why they are not served (never a
 * half-read entry): not this format, over `maxEntryBytes`, not signed with `secret` for this key,
 * or not a response the cache stores (see `checkParts`).
 *
 * @example const parts = decodeEntry(text, key, options); if (typeof parts === "string") miss();
 * @see https://jopi-rewrite.dev/docs/in-memory-cache#shared-cache
 */
export function decodeEntry(
    text: string,
    key: string,
    options: {secret?: string; maxEntryBytes: number; cacheableStatuses: readonly number[]},
): EntryParts | string {
    if (text.length > encodedLimit(options.maxEntryBytes)) return `it is larger than maxEntryBytes (${options.maxEntryBytes})`;
    const bytes = decodeText(text);
    if (bytes === undefined || bytes.byteLength < FIXED || MAGIC.some((byte, i) => bytes[i] !== byte)) return "it is not an entry of jopi-rewrite's shared cache";
    if (bytes[4] !== CODEC_VERSION) return `it was written in format ${bytes[4]}, and this version reads format ${CODEC_VERSION}`;
    if (!sameMac(bytes.subarray(MAC_AT, FIXED), entryMac(options.secret, key, bytes.subarray(FIXED)))) {
        return options.secret === undefined
            ? "its content does not match its signature (truncated, altered, or signed with a secret this process does not have)"
            : "it is not signed with this cache's secret for this key (written by hand, by a process with another secret, or moved from another key)";
    }
    const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(5);
    let description: {s?: unknown; t?: unknown; h?: unknown; b?: unknown};
    try {
        description = JSON.parse(new TextDecoder().decode(bytes.subarray(FIXED, FIXED + length)));
    } catch {
        return "its description is not JSON";
    }
    const {s: status, t: statusText, h: headers, b: lengths} = description ?? {};
    const refusal = checkParts(status, statusText, headers, lengths, options.cacheableStatuses);
    if (refusal !== undefined) return refusal;
    const bodies: [Encoding, Uint8Array<ArrayBuffer>][] = [];
    let offset = FIXED + length;
    for (const [coding, size] of lengths as [Encoding, number][]) {
        if (offset + size > bytes.byteLength) return "its body lengths are larger than the value";
        bodies.push([coding, bytes.subarray(offset, offset + size)]);
        offset += size;
    }
    if (offset !== bytes.byteLength) return "its body lengths do not add up to its size";
    return {status: status as number, statusText: statusText as string, headers: headers as [string, string][], bodies};
}
