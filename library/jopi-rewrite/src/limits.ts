/**
 * The limits on what a client may send or leave unread, with their defaults in one place: a
 * request body, a WebSocket message, the bytes an event stream holds for a client that does not
 * read. Each default is small enough that a few hundred clients cannot exhaust the memory of a
 * small server, and large enough for forms, JSON APIs and chat messages.
 *
 * @example new WebSite("http://127.0.0.1:3000", {maxBodyBytes: 10 * 1024 * 1024});
 * @see https://jopi-rewrite.dev/docs/security
 * @module
 */
import {concat} from "./cache/body-reader.ts";

/** The largest request body a website reads, by default: 1 MiB (Fastify's default too). */
export const DEFAULT_MAX_BODY_BYTES = 1_048_576;
/** The largest WebSocket message a route takes, by default: 1 MiB. */
export const DEFAULT_MAX_MESSAGE_BYTES = 1_048_576;
/** The most bytes an event stream keeps for a client that does not read, by default: 1 MiB. */
export const DEFAULT_MAX_BUFFERED_BYTES = 1_048_576;

/**
 * Thrown when a request's body is larger than its website's `maxBodyBytes`: the website answers
 * 413 with the message, and logs nothing.
 *
 * @example throw new PayloadTooLargeError("jopi-rewrite: the upload is larger than 10 MB.");
 * @see https://jopi-rewrite.dev/docs/security
 */
export class PayloadTooLargeError extends Error {
    override name = "PayloadTooLargeError";
}

/**
 * Checks a limit given as an option: a whole number of bytes, at least 1. Returns it.
 *
 * @example checkLimit("maxBodyBytes", options.maxBodyBytes, "http://127.0.0.1:3000");
 * @see https://jopi-rewrite.dev/docs/security
 */
export function checkLimit<T extends number | undefined>(name: string, value: T, where: string): T {
    if (value !== undefined && !(Number.isSafeInteger(value) && value > 0)) {
        throw new TypeError(`jopi-rewrite: ${name} of ${where} must be a whole number of bytes above 0, not ${String(value)}.`);
    }
    return value;
}

/** What a body read needs to know of its website. */
export interface BodyLimit {
    readonly maxBodyBytes?: number;
    readonly origin?: string;
}

function tooLarge(request: Request, limit: number, site: BodyLimit): PayloadTooLargeError {
    const url = new URL(request.url);
    const owner = site.origin === undefined ? "" : ` (maxBodyBytes of ${site.origin})`;
    return new PayloadTooLargeError(`jopi-rewrite: the request body of ${request.method} ${url.host}${url.pathname} is larger than ${limit} bytes${owner}; send less, or raise maxBodyBytes.`);
}

/**
 * The request's body, read up to the website's limit: past it, reading stops and a
 * `PayloadTooLargeError` is thrown (a 413). A Content-Length within the limit is read natively at
 * once (Bun never gives more bytes than it announced); a chunked body is read with a counter.
 *
 * @example const bytes = await readBody(request, {maxBodyBytes: 1024, origin: "http://127.0.0.1:3000"});
 * @see https://jopi-rewrite.dev/docs/security
 */
export async function readBody(request: Request, site: BodyLimit): Promise<Uint8Array<ArrayBuffer>> {
    const limit = site.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    try {
        return await readUpTo(request, limit, site);
    } catch (error) {
        // Past the port's cap (see portBodyCap), Bun ends the body with its own error: still the client's mistake.
        if (error instanceof PayloadTooLargeError || !/maxRequestBodySize/.test(String(error))) throw error;
        throw tooLarge(request, limit, site);
    }
}

async function readUpTo(request: Request, limit: number, site: BodyLimit): Promise<Uint8Array<ArrayBuffer>> {
    const length = request.headers.get("content-length");
    if (length !== null) {
        if (Number(length) > limit) throw tooLarge(request, limit, site);
        return new Uint8Array(await request.arrayBuffer());
    }
    if (request.body === null) return new Uint8Array(0);
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = request.body.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
        size += read.value.byteLength;
        if (size > limit) {
            void reader.cancel();
            throw tooLarge(request, limit, site);
        }
        chunks.push(read.value);
    }
    return concat(chunks, size);
}

/**
 * Bun's own cap on the bodies a port accepts, for websites whose largest `maxBodyBytes` is
 * `largest`. Bun refuses a body past it with a bare 413 before any handler runs, so it sits above
 * the websites' limits, where their helpers answer with a message that names the limit; and it
 * stays a small multiple of them (4x, or 64 KiB more for small limits), so that a handler reading `req.request.body` itself is capped too.
 *
 * @example portBodyCap(1_048_576); // 4_194_304
 * @example portBodyCap(1024); // 66_560
 * @see https://jopi-rewrite.dev/docs/security#limits
 */
export function portBodyCap(largest: number): number {
    return Math.min(Math.max(largest * 4, largest + 65_536), Number.MAX_SAFE_INTEGER);
}

/**
 * Whether `hostname` (as a URL spells it) names this machine only: `localhost` and its subdomains
 * (RFC 6761), `127.x.y.z` or `[::1]`.
 *
 * @example isLoopback("127.0.0.1"); // true
 * @see https://jopi-rewrite.dev/docs/getting-started
 */
export function isLoopback(hostname: string): boolean {
    return hostname === "localhost" || hostname.endsWith(".localhost") || hostname === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}
