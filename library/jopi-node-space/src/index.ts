/**
 * `jopi-node-space`: hot-reload helpers and reload-safe timers, as named exports and as the
 * global `NodeSpace` (installed by importing this package once, anywhere in the program).
 *
 * @example
 * import "jopi-node-space";
 * NodeSpace.app.onHotReload(() => console.log("Hot reloading !"));
 * @see https://jopi-rewrite.dev/docs/node-space
 * @module
 */
import type * as Implementation from "./implementation.ts";

// Each module of the import graph evaluated again costs about 0.3 ms of every reload, and this
// code cannot have changed (Bun does not reload for edits inside node_modules). So the
// implementation is loaded once per process and kept on globalThis; only this file runs again,
// which is also how a reload is told apart from the first load.
const KEY = Symbol.for("jopi-node-space.implementation");
const registry = globalThis as unknown as Record<symbol, typeof Implementation | undefined>;
const implementation: typeof Implementation = (registry[KEY] ??= require("./implementation.ts"));
implementation.noteEvaluation(import.meta.url);

export const {
    clearHotReloadKey,
    getGeneration,
    isHotReload,
    keepOnHotReload,
    newInterval,
    newTimeout,
    nodeSpace,
    noteEvaluation,
    onHotReload,
    startNextGeneration,
} = implementation;

export type {HotReloadListener, NodeSpaceApi, TimerHandle} from "./implementation.ts";
