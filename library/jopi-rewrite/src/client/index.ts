/**
 * `jopi-rewrite/client`: the WebSocket client that resumes its server session across rolling
 * restarts and lost connections. For pages and Bun alike: it uses web APIs only, and none of the
 * server's code.
 *
 * @example
 * import {ResumableWebSocket} from "jopi-rewrite/client";
 * const ws = new ResumableWebSocket("wss://shop.example/chat/lobby");
 * ws.onmessage = (event) => console.log(event.data, ws.recovered);
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#the-client
 * @module
 */
export {ResumableWebSocket} from "./resumable-websocket.ts";
export type {ResumableWebSocketEventMap} from "./socket-events.ts";
export {DEFAULT_MAX_ATTEMPTS, type ResumableWebSocketOptions, type WebSocketConstructor, type WebSocketLike} from "./options.ts";
export {type BackoffOptions, DEFAULT_BACKOFF_BASE, DEFAULT_BACKOFF_CAP, reconnectDelay} from "./backoff.ts";
export {type ClientMessage, DEFAULT_MAX_QUEUED_BYTES, DEFAULT_MAX_QUEUED_MESSAGES} from "./outbox.ts";
