/**
 * The entry of `jopi-rewrite` in a browser (the `browser` export condition): the same library,
 * with `Bun.serve` replaced by the in-page port table and the other Bun-only calls by web APIs.
 * It is made for a Worker that plays the part of one `bun --hot` process: the host sets
 * `process.env` first (see installWebShims), then loads the program, and calls
 * `startNextGeneration()` of jopi-node-space before each new version, as Bun's reload would.
 *
 * @example
 * import {fetchPort, JopiServer, WebSite} from "jopi-rewrite";
 * const server = new JopiServer();
 * server.addWebsite(new WebSite("http://127.0.0.1:3000")).onGET("/", req => req.textResponse("hi"));
 * server.startServer();
 * const res = await fetchPort(3000, new Request("http://127.0.0.1:3000/"));
 * @see https://jopi-rewrite.dev/docs/getting-started
 * @module
 */
// First: the library's modules read the globals it installs.
import "./install.ts";
import {useAsyncGzip} from "../cache/encoding.ts";
import {gzipStream} from "./web-shims.ts";

export * from "../implementation.ts";
export {ConnectionRefused, connectPort, fetchPort, listeningPorts} from "./port-table.ts";
export {InPageSocket, type SocketPeer} from "./in-page-socket.ts";
export {gzipStream, installWebShims} from "./web-shims.ts";
export {useAsyncBrotli} from "../cache/encoding.ts";

// The cache compresses when a page enters it: asynchronously here, gzip only until the host
// gives a brotli encoder (useAsyncBrotli).
useAsyncGzip(gzipStream);
