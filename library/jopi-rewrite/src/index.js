// @bun
/**
 * `jopi-rewrite`: websites, routes, request helpers and an in-memory response cache that survive
 * `bun --hot` reloads without dropping a connection. Importing it also installs the `NodeSpace`
 * global of `jopi-node-space`. Types: `index.d.ts`; documentation: `implementation.ts`.
 *
 * @example
 * import {JopiServer, WebSite} from "jopi-rewrite";
 * const server = new JopiServer();
 * server.addWebsite(new WebSite("http://127.0.0.1:3000")).onGET("/", req => req.htmlResponse("Hello"));
 * server.startServer();
 * @see https://jopi-rewrite.dev/docs/getting-started
 * @module
 */

// A reload evaluates every module of the graph again, node_modules included, and each one costs
// time: the library and its dependencies took ~15 ms. They cannot have changed (Bun does not
// reload for edits inside node_modules), so the implementation is loaded once per process and
// kept on globalThis, and only this file runs again. Upgrading the package needs a restart.
//
// This file is plain JavaScript marked `// @bun` on its first line, which tells Bun that it needs
// no transpiling: transpiling it again at every reload cost ~0.13 ms, about a tenth of a reload.
const KEY = Symbol.for("jopi-rewrite.implementation");
const implementation = (globalThis[KEY] ??= import.meta.require("./implementation.ts"));
// This file is what runs again at each reload, so it tells jopi-node-space, as importing that
// package's entry would; not importing it spares one more module evaluated at every reload.
implementation.noteEvaluation(import.meta.url);

export const {
    BadRequestError,
    EventStream,
    InMemoryCache,
    JopiRequest,
    JopiServer,
    JopiWebSocket,
    PayloadTooLargeError,
    ROUTE_REMOVED,
    WebSite,
    cacheKeyOf,
    endLongLivedConnections,
    error404Response,
    error500Response,
    getInMemoryCache,
    htmlResponse,
    initMemoryCache,
    initSharedCache,
    jsonResponse,
    noteEvaluation,
    redirectResponse,
    textResponse,
} = implementation;
