/**
 * Which responses a shared cache may store, and which requests a stored one may answer. The cache
 * is shared by every visitor of a website, so it follows the rules of a shared cache (RFC 9111):
 * what belongs to one visitor is never stored, and a response that varies on request headers
 * answers only requests that send the same values.
 * @module
 */

// `private` is refused along with `no-store`: a shared cache must not store it (RFC 9111, 5.2.2.7),
// and nginx and Varnish refuse it too. The qualified form (`private="x"`) is refused as well.
const REFUSED_DIRECTIVE = /(?:^|,)\s*(?:no-store|private)\s*(?:[=,]|$)/i;
// What lets a shared cache store the answer to a request with credentials (RFC 9111, 3.5).
const SHARED_WITH_CREDENTIALS = /(?:^|,)\s*(?:public|s-maxage|must-revalidate)\s*(?:[=,]|$)/i;
// Headers that carry who the visitor is: varying on them keeps one visitor's page per entry.
const CREDENTIALS = new Set(["cookie", "authorization"]);

/** What the cache needs to know to decide, beyond the response. */
export interface StoreRules {
    cacheableStatuses: readonly number[];
    /** Store responses whose Vary names Cookie or Authorization (see MemoryCacheOptions). */
    varyOnCredentials: boolean;
}

/**
 * The request headers a Vary value names, lower-case and sorted, or undefined when it names none.
 * Accept-Encoding is left out: the cache negotiates the coding itself, from every coding it holds.
 *
 * @example varyNames("Accept-Encoding, Accept-Language"); // ["accept-language"]
 * @see https://jopi-rewrite.dev/docs/in-memory-cache
 */
export function varyNames(vary: string | null): readonly string[] | undefined {
    if (vary === null) return undefined;
    const names = vary.split(",").map((name) => name.trim().toLowerCase()).filter((name) => name !== "" && name !== "accept-encoding");
    return names.length === 0 ? undefined : [...new Set(names)].sort();
}

/**
 * The values a request sends for `names`, as one string: an entry stored for it answers only
 * requests that give the same string. A missing header and an empty one differ.
 *
 * @example varyValues(["accept-language"], request.headers); // "fr"
 * @see https://jopi-rewrite.dev/docs/in-memory-cache
 */
export function varyValues(names: readonly string[], requestHeaders: Headers): string {
    // Neither NUL nor a line break can be in a header value, so no two requests give the same string.
    return names.map((name) => requestHeaders.get(name) ?? "\u0000").join("\n");
}

/**
 * Why a response can never be stored, or undefined when it can: its status is not listed, it sets
 * a cookie (one visitor's session would be handed to all), Cache-Control forbids it, it varies on
 * `*`, or it varies on Cookie or Authorization without `varyOnCredentials`. Such a response is the
 * page as it now is for every visitor, so what was stored for its URL goes too.
 *
 * @example if (refusalOf(response, {cacheableStatuses: [200], varyOnCredentials: false}) === undefined) store(response);
 * @see https://jopi-rewrite.dev/docs/in-memory-cache
 */
export function refusalOf(response: Response, rules: StoreRules): string | undefined {
    if (!rules.cacheableStatuses.includes(response.status)) return `status ${response.status} is not in cacheableStatuses`;
    const headers = response.headers;
    if (headers.has("set-cookie")) return "it has a Set-Cookie header";
    const cacheControl = headers.get("cache-control") ?? "";
    if (REFUSED_DIRECTIVE.test(cacheControl)) return `Cache-Control is "${cacheControl}"`;
    const names = varyNames(headers.get("vary"));
    if (names?.includes("*")) return "it has Vary: *";
    if (!rules.varyOnCredentials && names?.some((name) => CREDENTIALS.has(name))) return `it varies on ${names.join(", ")}, which hold who the visitor is (see varyOnCredentials)`;
    return undefined;
}

/**
 * Whether the answer to a request with credentials may not be stored: the request has an
 * Authorization header and the response says neither `public`, `s-maxage` nor `must-revalidate`
 * (RFC 9111, 3.5). It says nothing of the page other visitors get: what was stored for them stays,
 * or any client could evict a page by sending an Authorization header.
 *
 * @example if (answersCredentials(response, request.headers)) return response; // served, not stored
 * @see https://jopi-rewrite.dev/docs/in-memory-cache
 */
export function answersCredentials(response: Response, requestHeaders: Headers): boolean {
    return requestHeaders.has("authorization") && !SHARED_WITH_CREDENTIALS.test(response.headers.get("cache-control") ?? "");
}
