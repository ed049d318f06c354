/**
 * Under `bun --hot` every module of the import graph is evaluated again on each reload, in the
 * same process: module-level variables start over and only `globalThis` survives. So the one
 * piece of state this package owns lives on `globalThis`, under a registry symbol that every
 * copy and every version of the package finds again. (`index.js` loads this file once per
 * process and every copy of the package shares it, but an older version of the package would
 * load its own.)
 */

/** A function run once when the next version of the code is loaded. */
export type HotReloadListener = () => unknown;

interface SharedState {
    /** 1 for the first load, then one more per reload. */
    generation: number;
    /** `import.meta.url` of each package copy already evaluated in this generation. */
    evaluated: Set<string>;
    /** Listeners registered by the current generation; run, then dropped, at the next one. */
    listeners: Set<HotReloadListener>;
    /** Values handed from one version of the code to the next. */
    kept: Map<string, unknown>;
}

const STATE_KEY = Symbol.for("jopi-node-space.hot-reload");
const registry = globalThis as unknown as Record<symbol, SharedState | undefined>;
const state: SharedState = (registry[STATE_KEY] ??= {
    generation: 0,
    evaluated: new Set(),
    listeners: new Set(),
    kept: new Map(),
});

/** Prints an error with its stack, prefixed so the reader knows who caught it. */
export function reportError(what: string, error: unknown): void {
    console.error(`jopi-node-space: ${what}`, error);
}

/**
 * Starts the next generation: the previous generation's listeners run once each, then are forgotten.
 * Under `bun --hot` this happens by itself; hosts that swap code another way (a browser playground,
 * a custom loader) call it when they load the new version.
 *
 * @example startNextGeneration(); // before evaluating the edited code
 * @see https://jopi-rewrite.dev/docs/node-space#hot-reload
 */
export function startNextGeneration(): void {
    const previous = [...state.listeners];
    state.listeners.clear();
    state.evaluated.clear();
    state.generation++;
    for (const listener of previous) {
        try {
            const result = listener();
            if (result instanceof Promise) {
                result.catch((error) => reportError("an onHotReload listener failed; the reload goes on.", error));
            }
        } catch (error) {
            reportError("an onHotReload listener failed; the reload goes on.", error);
        }
    }
}

/**
 * Called by the entry files that run again at each reload (this package's and jopi-rewrite's)
 * every time they are evaluated. A second evaluation of the same file means Bun re-ran the import
 * graph: that is a reload. A second copy of the package (another path) in the same generation is not.
 *
 * @example noteEvaluation(import.meta.url);
 * @internal
 */
export function noteEvaluation(url: string): void {
    if (state.generation === 0 || state.evaluated.has(url)) startNextGeneration();
    state.evaluated.add(url);
}

/**
 * Runs `listener` once, when the next version of the code is loaded, then forgets it.
 * Returns a function that unregisters it before that.
 *
 * @example NodeSpace.app.onHotReload(() => console.log("Hot reloading !"));
 * @see https://jopi-rewrite.dev/docs/node-space#onhotreload
 */
export function onHotReload(listener: HotReloadListener): () => void {
    if (typeof listener !== "function") {
        throw new TypeError("jopi-node-space: onHotReload(listener) takes a function to run at the next reload.");
    }
    state.listeners.add(listener);
    return () => void state.listeners.delete(listener);
}

/**
 * Returns the value kept under `key` by an earlier version of the code; the first time, builds it
 * with `build`, keeps it and returns it. Mutate the returned object: the next version gets it back.
 *
 * @example const stats = NodeSpace.app.keepOnHotReload("stats", () => ({counter: 0}));
 * @see https://jopi-rewrite.dev/docs/node-space#keeponhotreload
 */
export function keepOnHotReload<T>(key: string, build: () => T): T {
    if (state.kept.has(key)) return state.kept.get(key) as T;
    const value = build();
    state.kept.set(key, value);
    return value;
}

/**
 * Forgets the value kept under `key`, so that the next `keepOnHotReload(key, ...)` builds it anew.
 *
 * @example NodeSpace.app.clearHotReloadKey("stats");
 * @see https://jopi-rewrite.dev/docs/node-space#keeponhotreload
 */
export function clearHotReloadKey(key: string): boolean {
    return state.kept.delete(key);
}

/**
 * Which version of the code is running: 1 on the first load, then one more per reload.
 *
 * @example console.log(`version #${NodeSpace.app.getGeneration()}`);
 * @see https://jopi-rewrite.dev/docs/node-space#generations
 */
export function getGeneration(): number {
    return state.generation;
}

/**
 * True when this load of the code is a hot reload, not the process's first start.
 *
 * @example if (!NodeSpace.app.isHotReload()) console.log("first start");
 * @see https://jopi-rewrite.dev/docs/node-space#generations
 */
export function isHotReload(): boolean {
    return state.generation > 1;
}
