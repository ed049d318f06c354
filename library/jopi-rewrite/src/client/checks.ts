/**
 * The checks of what an app gives a `ResumableWebSocket`, with the errors a WebSocket would throw,
 * said in words: the URL, the bounds, the code and reason of `close`.
 * @module
 */

/**
 * The absolute `ws:`/`wss:` URL of `url`: `http:`/`https:` become `ws:`/`wss:`, and a relative
 * URL is resolved against the page, as a browser's WebSocket does.
 * @example webSocketUrl("/chat"); // "wss://shop.example/chat" in a page of https://shop.example
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#the-client
 */
export function webSocketUrl(url: string | URL): string {
    const page = (globalThis as {location?: {href: string}}).location?.href;
    let parsed: URL;
    try {
        parsed = new URL(url, page);
    } catch {
        throw new SyntaxError(`jopi-rewrite: a ResumableWebSocket needs an absolute URL here (there is no page to resolve it against), not "${String(url)}".`);
    }
    if (parsed.protocol === "http:" || parsed.protocol === "https:") parsed.protocol = parsed.protocol === "http:" ? "ws:" : "wss:";
    if (parsed.protocol !== "ws:" && parsed.protocol !== "wss:") {
        throw new SyntaxError(`jopi-rewrite: a ResumableWebSocket connects to a ws:, wss:, http: or https: URL, not ${parsed.href}.`);
    }
    parsed.hash = "";
    return parsed.href;
}

/**
 * Checks a count option: a whole number above 0 (or Infinity where `unbounded` allows it). Returns it.
 * @example checkCount("maxAttempts", 5, "ws://127.0.0.1:3000/chat", true);
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#the-client
 */
export function checkCount(name: string, value: number, where: string, unbounded = false): number {
    if (!((Number.isSafeInteger(value) && value > 0) || (unbounded && value === Infinity))) {
        throw new TypeError(`jopi-rewrite: ${name} of the ResumableWebSocket to ${where} must be a whole number above 0${unbounded ? " or Infinity" : ""}, not ${String(value)}.`);
    }
    return value;
}

/**
 * Checks the arguments of `close`, as a WebSocket does: the code is 1000 or 3000..4999, the
 * reason at most 123 bytes of UTF-8.
 * @example checkClose(4000, "signed out", "ws://127.0.0.1:3000/chat");
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#the-client
 */
export function checkClose(code: number | undefined, reason: string, where: string): void {
    if (code !== undefined && code !== 1000 && !(Number.isInteger(code) && code >= 3000 && code <= 4999)) {
        throw new RangeError(`jopi-rewrite: close(${code}) on the ResumableWebSocket to ${where}: an app closes with 1000 or a code of 3000 to 4999.`);
    }
    if (new TextEncoder().encode(reason).byteLength > 123) {
        throw new SyntaxError(`jopi-rewrite: the close reason on the ResumableWebSocket to ${where} is longer than 123 bytes; shorten it.`);
    }
}
