/**
 * The implementation of `jopi-rewrite`, loaded once per process by `index.js`: what the package
 * exports, with the real classes and their documentation.
 *
 * @example
 * import {JopiServer, WebSite} from "jopi-rewrite";
 * const server = new JopiServer();
 * server.addWebsite(new WebSite("http://127.0.0.1:3000")).onGET("/", req => req.htmlResponse("Hello"));
 * server.startServer();
 * @see https://jopi-rewrite.dev/docs/getting-started
 * @module
 */
/**
 * For `index.js` only, which tells jopi-node-space of each evaluation of the user's code. Importing
 * jopi-node-space here also installs the `NodeSpace` global, once per process.
 * @internal
 */
export {noteEvaluation} from "jopi-node-space";

export {JopiServer, type JopiServerOptions} from "./server.ts";
export {WebSite, type Handler, type WebSiteOptions} from "./website.ts";
export {JopiRequest} from "./request.ts";
export {BadRequestError} from "./errors.ts";
export {PayloadTooLargeError} from "./limits.ts";
export {JopiWebSocket, type SocketData, type SocketMessage} from "./websocket/socket.ts";
export {ROUTE_REMOVED, type WebSocketRoute} from "./websocket/routes.ts";
export type {ResumeOptions} from "./sessions/limits.ts";
export {EventStream} from "./event-stream/stream.ts";
export type {EventStreamOptions} from "./event-stream/options.ts";
export {type ServerEvent} from "./event-stream/channel.ts";
export {endLongLivedConnections, type EndOptions} from "./long-lived.ts";
export {
    error404Response,
    error500Response,
    htmlResponse,
    jsonResponse,
    redirectResponse,
    textResponse,
    type Part,
    type RedirectOptions,
    type ReplyOptions,
} from "./replies.ts";
export {
    cacheKeyOf,
    getInMemoryCache,
    initMemoryCache,
    initSharedCache,
    InMemoryCache,
    type CacheQuery,
    type CacheTier,
    type CacheTierStats,
    type MemoryCacheOptions,
    type MemoryCacheStats,
    type SharedCache,
    type SharedCacheOptions,
    type SharedCacheStats,
} from "./cache/index.ts";
