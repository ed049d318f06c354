/**
 * The process's shared caches, one per server address and namespace, whose connections outlive
 * `bun --hot` reloads: `initSharedCache` runs again at each reload and must not open new ones.
 * @module
 */
import {keepOnHotReload} from "jopi-node-space";
import {getInMemoryCache} from "../process-cache.ts";
import {RedisLink} from "./redis-link.ts";
import {SharedCache} from "./shared-cache.ts";
import {onMessage, onRecovered, type SharedCore} from "./shared-core.ts";
import {resolveSharedOptions, type SharedCacheOptions} from "./shared-options.ts";

// Bumped whenever SharedCore changes shape, so that another version of this code in the same
// process opens its own connections instead of using fields that are not there.
const KEEP_KEY = "jopi-rewrite:shared-caches:2";

/**
 * The shared cache at `options.url`: the one this process opened before (under the same
 * namespace), given the new options, or a new one. `index.ts` documents it for users.
 *
 * @example
 * const shared = initSharedCache({url: "redis://127.0.0.1:6379", ttlSeconds: 3600});
 * server.addWebsite(new WebSite("http://127.0.0.1:3000", {cache: shared}));
 * @see https://jopi-rewrite.dev/docs/in-memory-cache#shared-cache
 */
export function initSharedCache(options: SharedCacheOptions): SharedCache {
    const resolved = resolveSharedOptions(options);
    const cores = keepOnHotReload(KEEP_KEY, () => new Map<string, SharedCore>());
    const id = `${resolved.namespace} ${resolved.url}`;
    let core = cores.get(id);
    if (core === undefined || core.link.closed) {
        const created: SharedCore = {
            options: resolved,
            first: options.firstTier ?? getInMemoryCache(),
            link: undefined as unknown as RedisLink,
            id: crypto.randomUUID(),
            scopes: new Set(),
            sequence: 0,
            changedAt: new Map(),
            allChangedAt: 0,
            counters: {hits: 0, sharedHits: 0, misses: 0, stored: 0, unreadable: 0, ignoredMessages: 0},
            pending: new Map(),
            reportedUnreadable: false,
            reportedIgnored: false,
            sent: 0,
            heard: new Map(),
        };
        const events = {message: (text: string) => onMessage(created, text), recovered: () => void onRecovered(created)};
        created.link = new RedisLink(resolved.url, `${resolved.namespace}:invalidate`, events, resolved.timeoutMs, resolved.tls);
        cores.set(id, (core = created));
    } else {
        core.options = resolved;
        core.link.timeoutMs = resolved.timeoutMs;
        core.first = options.firstTier ?? getInMemoryCache();
    }
    return new SharedCache(core, "*");
}
