/**
 * The entry of `jopi-node-space` for browsers and bundlers (the docs' playground): no reload
 * re-runs a bundle, so there is no copy to keep across reloads; the host calls
 * `startNextGeneration()` when it loads new code.
 * @module
 */
import {noteEvaluation} from "./implementation.ts";

export * from "./implementation.ts";

noteEvaluation(import.meta.url);
