/**
 * `jopi-rewrite`: websites, routes, request helpers and an in-memory response cache that survive
 * `bun --hot` reloads without dropping a connection. Importing it also installs the `NodeSpace`
 * global of `jopi-node-space`.
 *
 * @example
 * import {JopiServer, WebSite} from "jopi-rewrite";
 * const server = new JopiServer();
 * server.addWebsite(new WebSite("http://127.0.0.1:3000")).onGET("/", req => req.htmlResponse("Hello"));
 * server.startServer();
 * @see https://jopi-rewrite.dev/docs/getting-started
 * @module
 */

import type * as Implementation from "./implementation.ts";

// A reload re-evaluates every module of the graph, node_modules included. Evaluating the library
// and its dependencies again took ~15 ms per reload and some memory that was never given back, for
// code that cannot have changed (Bun does not reload for edits inside node_modules). So the
// implementation is loaded once per process and kept on globalThis; only this file runs again.
// Upgrading the package while the process runs therefore needs a restart.
const KEY = Symbol.for("jopi-rewrite.implementation");
const registry = globalThis as unknown as Record<symbol, typeof Implementation | undefined>;
const implementation: typeof Implementation = (registry[KEY] ??= require("./implementation.ts"));
// This file is what runs again at each reload, so it tells jopi-node-space, as importing that
// package's entry would; not importing it spares one more module evaluated at every reload.
implementation.noteEvaluation(import.meta.url);

export const JopiServer = implementation.JopiServer;
export type JopiServer = Implementation.JopiServer;
export const WebSite = implementation.WebSite;
export type WebSite = Implementation.WebSite;
export const JopiRequest = implementation.JopiRequest;
export type JopiRequest = Implementation.JopiRequest;
export const BadRequestError = implementation.BadRequestError;
export type BadRequestError = Implementation.BadRequestError;
export const InMemoryCache = implementation.InMemoryCache;
export type InMemoryCache = Implementation.InMemoryCache;

export const {
    cacheKeyOf,
    error404Response,
    error500Response,
    getInMemoryCache,
    htmlResponse,
    initMemoryCache,
    jsonResponse,
    redirectResponse,
    textResponse,
} = implementation;

export type {
    Handler,
    MemoryCacheOptions,
    MemoryCacheStats,
    Part,
    ReplyOptions,
    WebSiteOptions,
} from "./implementation.ts";
