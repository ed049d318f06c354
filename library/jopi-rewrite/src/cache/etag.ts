/**
 * Entity tags of cached bodies, and the If-None-Match test that turns a repeat visit into a 304.
 *
 * Each coding of a body gets its own strong tag (`"hash"`, `"hash-gz"`, `"hash-br"`, as nginx and
 * Apache do): the bytes differ, and a strong tag promises identical bytes, which byte ranges and
 * shared caches rely on. If-None-Match then uses the weak comparison RFC 9110 asks for, against all
 * the tags of the entry: a client holding any coding holds the same content, so a browser that
 * switches from gzip to br still gets its 304 (the bug Apache's `-gzip` suffix was known for).
 * @module
 */

/**
 * The strong ETag of a plain body: a quoted 64-bit hash, cheap enough to compute at every insert.
 *
 * @example etagOf(new TextEncoder().encode("hello")); // '"0e24bbd9f93f532d"'
 * @see https://jopi-rewrite.dev/docs/in-memory-cache
 */
export function etagOf(body: Uint8Array): string {
    return `"${Bun.hash(body).toString(16).padStart(16, "0")}"`;
}

/**
 * The ETag of a coding of a body whose plain ETag is `plain`.
 *
 * @example variantEtag('"abc"', "gzip"); // '"abc-gz"'
 * @see https://jopi-rewrite.dev/docs/in-memory-cache
 */
export function variantEtag(plain: string, encoding: "br" | "gzip" | "identity"): string {
    if (encoding === "identity") return plain;
    return `${plain.slice(0, -1)}-${encoding === "gzip" ? "gz" : "br"}"`;
}

/**
 * Whether an If-None-Match value names one of `etags`: `*`, one tag, or a comma-separated list,
 * each possibly weak (`W/`). Comparison is weak, as RFC 9110 requires for If-None-Match.
 *
 * @example matchesIfNoneMatch('W/"abc", "def"', ['"abc"']); // true
 * @see https://jopi-rewrite.dev/docs/in-memory-cache
 */
export function matchesIfNoneMatch(ifNoneMatch: string, etags: readonly string[]): boolean {
    const value = ifNoneMatch.trim();
    if (value === "*") return true;
    for (const part of value.split(",")) {
        let tag = part.trim();
        if (tag.startsWith("W/")) tag = tag.slice(2);
        if (etags.includes(tag)) return true;
    }
    return false;
}
