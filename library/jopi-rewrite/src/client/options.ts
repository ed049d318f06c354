/**
 * The options of a `ResumableWebSocket`, checked once when it is made, with their defaults, and
 * the part of a WebSocket it needs from the class it connects with.
 * @module
 */
import {type BackoffOptions, checkBackoff} from "./backoff.ts";
import {checkCount} from "./checks.ts";
import {DEFAULT_MAX_QUEUED_BYTES, DEFAULT_MAX_QUEUED_MESSAGES} from "./outbox.ts";

/** The part of a standard WebSocket this client drives: the page's, Bun's, or another one. */
export interface WebSocketLike extends EventTarget {
    readonly readyState: number;
    readonly protocol: string;
    readonly extensions: string;
    readonly bufferedAmount: number;
    binaryType: string;
    send(data: string | ArrayBufferLike | ArrayBufferView): void;
    close(code?: number, reason?: string): void;
}

/** A WebSocket class: `new (url, protocols)`. */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

/** The options of `new ResumableWebSocket(url, options)`. */
export interface ResumableWebSocketOptions {
    /** The waits between attempts: random up to `base` ms (250), doubling at each failure up to `cap` ms (10 000). */
    backoff?: BackoffOptions;
    /** How many connections in a row may fail (or close within 1 s of the server's hello, other than a restart's 1012) before the client gives up: 20. */
    maxAttempts?: number;
    /** Subprotocols offered after the session's; a resumable route answers with `jopi-resume.1`. */
    protocols?: string | string[];
    /** The WebSocket class to connect with: `globalThis.WebSocket` by default. */
    WebSocket?: WebSocketConstructor;
    /** The most messages sent and not yet acknowledged by the server: 1000. A send past it throws. */
    maxQueuedMessages?: number;
    /** The most bytes sent and not yet acknowledged by the server: 1 MiB. A send past it throws. */
    maxQueuedBytes?: number;
}

/** How many connections in a row may fail before the client gives up, by default. */
export const DEFAULT_MAX_ATTEMPTS = 20;

/** The options once checked, defaults filled in. */
export interface Settings {
    backoff: Required<BackoffOptions>;
    maxAttempts: number;
    maxQueuedMessages: number;
    maxQueuedBytes: number;
    protocols: string[];
    WebSocket: WebSocketConstructor;
}

/**
 * Checks the options of the client of `url` and fills in the defaults; throws a TypeError that
 * names the option and the URL when one cannot work.
 * @example settingsOf({maxAttempts: 5}, "ws://127.0.0.1:3000/chat").backoff; // {base: 250, cap: 10000}
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#the-client
 */
export function settingsOf(options: ResumableWebSocketOptions, url: string): Settings {
    const WebSocket = options.WebSocket ?? (globalThis.WebSocket as unknown as WebSocketConstructor | undefined);
    if (typeof WebSocket !== "function") throw new TypeError(`jopi-rewrite: there is no WebSocket class here to connect to ${url}; pass one as the WebSocket option.`);
    return {
        backoff: checkBackoff(options.backoff, url),
        maxAttempts: checkCount("maxAttempts", options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, url, true),
        maxQueuedMessages: checkCount("maxQueuedMessages", options.maxQueuedMessages ?? DEFAULT_MAX_QUEUED_MESSAGES, url),
        maxQueuedBytes: checkCount("maxQueuedBytes", options.maxQueuedBytes ?? DEFAULT_MAX_QUEUED_BYTES, url),
        protocols: typeof options.protocols === "string" ? [options.protocols] : [...(options.protocols ?? [])],
        WebSocket,
    };
}
