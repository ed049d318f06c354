/**
 * The implementation of `jopi-node-space`, loaded once per process by `index.js`: hot-reload
 * helpers and reload-safe timers, as named exports and as the global `NodeSpace` (installed by
 * importing the package once, anywhere in the program).
 *
 * @example
 * import "jopi-node-space";
 * NodeSpace.app.onHotReload(() => console.log("Hot reloading !"));
 * @see https://jopi-rewrite.dev/docs/node-space
 * @module
 */
import {
    clearHotReloadKey,
    getGeneration,
    isHotReload,
    keepOnHotReload,
    noteEvaluation,
    onHotReload,
    startNextGeneration,
} from "./hot-reload.ts";
import {newInterval, newTimeout} from "./timers.ts";

export {clearHotReloadKey, getGeneration, isHotReload, keepOnHotReload, noteEvaluation, onHotReload, startNextGeneration};
export {newInterval, newTimeout};
export type {HotReloadListener} from "./hot-reload.ts";
export type {TimerHandle} from "./timers.ts";

/** The shape of the `NodeSpace` global. */
export interface NodeSpaceApi {
    app: {
        onHotReload: typeof onHotReload;
        keepOnHotReload: typeof keepOnHotReload;
        /** Another name of `keepOnHotReload`. */
        keepIfHotReload: typeof keepOnHotReload;
        clearHotReloadKey: typeof clearHotReloadKey;
        isHotReload: typeof isHotReload;
        getGeneration: typeof getGeneration;
    };
    timer: {
        newInterval: typeof newInterval;
        newTimeout: typeof newTimeout;
    };
}

declare global {
    /** Hot-reload helpers and reload-safe timers; see https://jopi-rewrite.dev/docs/node-space */
    var NodeSpace: NodeSpaceApi;
}

/** The `NodeSpace` object, also reachable as a global once this package is imported. */
export const nodeSpace: NodeSpaceApi = {
    app: {
        onHotReload,
        keepOnHotReload,
        keepIfHotReload: keepOnHotReload,
        clearHotReloadKey,
        isHotReload,
        getGeneration,
    },
    timer: {newInterval, newTimeout},
};

globalThis.NodeSpace = nodeSpace;
