// @bun
/**
 * `jopi-node-space`: hot-reload helpers and reload-safe timers, as named exports and as the
 * global `NodeSpace` (installed by importing this package once, anywhere in the program).
 * This is the entry Bun loads; types: `index.d.ts`; browsers and bundlers: `browser.ts`.
 *
 * @example
 * import "jopi-node-space";
 * NodeSpace.app.onHotReload(() => console.log("Hot reloading !"));
 * @see https://jopi-rewrite.dev/docs/node-space
 * @module
 */

// A reload evaluates every module of the graph again, and this code cannot have changed (Bun does
// not reload for edits inside node_modules). So the implementation is loaded once per process and
// kept on globalThis; only this file runs again, which is also how a reload is told apart from
// the first load. Being plain JavaScript marked `// @bun`, it is not transpiled again either.
const KEY = Symbol.for("jopi-node-space.implementation");
const implementation = (globalThis[KEY] ??= import.meta.require("./implementation.ts"));
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
