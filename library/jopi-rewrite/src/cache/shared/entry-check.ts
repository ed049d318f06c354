/**
 * The rules an entry read from Redis must pass before it is served: it must be a response that
 * this cache would have stored itself. A value with the right layout can still have been written
 * by hand, or by a process with other rules.
 * @module
 */
import {DROPPED} from "../cache-entry.ts";
import {refusalOf, varyNames} from "../storable.ts";

const CODINGS = new Set<unknown>(["identity", "gzip", "br"]);
// RFC 9110 (5.1, 5.5): a lower-case token (as Headers gives names), and a value without CR, LF or NUL.
const NAME = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;
const TEXT = /^[\t\x20-\x7e\x80-\xff]*$/;

function headerRefusal(headers: unknown): string | undefined {
    if (!Array.isArray(headers)) return "its headers are not a list";
    for (const pair of headers as unknown[]) {
        const [name, value] = Array.isArray(pair) && pair.length === 2 ? pair : [];
        if (typeof name !== "string" || typeof value !== "string" || !NAME.test(name) || !TEXT.test(value)) return "its headers are malformed";
        if (DROPPED.has(name)) return `it has a ${name} header, which the cache never stores`;
    }
    return undefined;
}

function lengthsRefusal(lengths: unknown): string | undefined {
    if (!Array.isArray(lengths) || lengths.length === 0 || lengths[0]?.[0] !== "identity") return "it has no plain body";
    const seen = new Set<unknown>();
    for (const item of lengths as unknown[]) {
        const [coding, size] = Array.isArray(item) && item.length === 2 ? item : [];
        if (!CODINGS.has(coding) || seen.has(coding) || !Number.isInteger(size) || size < 0) return "its body lengths are malformed";
        seen.add(coding);
    }
    return undefined;
}

/**
 * Why the decoded description of an entry is not served, or undefined when it may be: a status,
 * status text, headers or body lengths that are malformed, a header the cache never stores
 * (hop-by-hop, Content-Length...), or a response `refusalOf` refuses (Set-Cookie, private,
 * no-store, a status not in `cacheableStatuses`), or one that varies (the shared tier stores none).
 *
 * @example const refusal = checkParts(200, "", [["content-type", "text/html"]], [["identity", 12]], [200]);
 * @see https://jopi-rewrite.dev/docs/in-memory-cache#shared-cache
 */
export function checkParts(status: unknown, statusText: unknown, headers: unknown, lengths: unknown, cacheableStatuses: readonly number[]): string | undefined {
    if (!Number.isInteger(status) || (status as number) < 200 || (status as number) > 599) return "its status is malformed";
    if (typeof statusText !== "string" || statusText.length > 256 || !TEXT.test(statusText)) return "its status text is malformed";
    const refusal = headerRefusal(headers) ?? lengthsRefusal(lengths);
    if (refusal !== undefined) return refusal;
    // Checked as the answer to a request that carried no credentials: the strictest case.
    const response = new Response(null, {status: status as number, headers: headers as [string, string][]});
    const stored = refusalOf(response, {cacheableStatuses, varyOnCredentials: false});
    if (stored) return `the cache does not store it: ${stored}`;
    // The shared tier stores no response that varies: read back, one would answer every visitor.
    if (varyNames(response.headers.get("vary")) !== undefined) return "the shared cache does not store it: it has Vary";
    return undefined;
}
