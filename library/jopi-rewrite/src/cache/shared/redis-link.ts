/**
 * The connections of one process to the shared cache's Redis: one for commands, one (a
 * `duplicate()`) subscribed to the invalidation channel, since a subscribed connection can run
 * nothing else.
 *
 * A cache must never be the reason a request fails: every command is bounded by a timeout, and a
 * lost connection, or a server that does not answer a PING within a second, opens a breaker. While
 * it is open, requests do not wait for Redis at all; a timer probes the server, and the first probe
 * that succeeds closes it again.
 * Each outage is reported once, with the address, and its end once.
 * @module
 */
import type {RedisClient} from "bun";
import {displayUrl} from "./shared-options.ts";

const TIMED_OUT = Symbol("timed out");
const FIRST_RETRY_MS = 100;
const LAST_RETRY_MS = 1000;

/** What the link tells the cache. */
export interface LinkEvents {
    /** A message on the invalidation channel. */
    message(text: string): void;
    /** The server answers again after an outage: invalidations sent meanwhile were missed. */
    recovered(): void;
}

/**
 * The two connections, the breaker and the reconnecting timer of one shared cache.
 *
 * @example const link = new RedisLink("redis://127.0.0.1:6379", "jopi:invalidate", events, 100);
 * @see https://jopi-rewrite.dev/docs/in-memory-cache#shared-cache
 */
export class RedisLink {
    readonly #client: RedisClient;
    #subscriber: RedisClient | undefined;
    #open = true; // the breaker: true while Redis is unusable
    #outage = false; // an outage was reported and has not ended
    #reached = false; // connected at least once: a later failure is not about the address or the credentials
    #closed = false;
    #retry: Timer | undefined;
    #delay = FIRST_RETRY_MS;
    #starting: Promise<void> | undefined;
    #probing = false;
    #reconnecting = false;
    readonly #refusals = new Set<string>();
    /** Commands that failed or timed out, since the start. */
    errors = 0;

    constructor(readonly url: string, readonly channel: string, private readonly events: LinkEvents, public timeoutMs: number, tls?: Bun.TLSOptions) {
        this.#client = new Bun.RedisClient(url, {autoReconnect: false, enableOfflineQueue: false, connectionTimeout: 2000, ...(tls && {tls})});
        this.#client.onclose = (error) => this.#fail(error);
        // A worker's first requests come right after it starts: they wait for the first connection
        // (within the timeout) rather than miss, so that a new worker starts warm.
        this.#starting = this.#reconnect().finally(() => (this.#starting = undefined));
    }

    /** Whether commands may be sent now; false during an outage, so that requests do not wait. */
    get ready(): boolean {
        return !this.#open || this.#starting !== undefined;
    }

    /**
     * Runs `command` on the command connection within `timeoutMs` (the link's timeout unless
     * given); undefined when Redis is out, fails or is too slow (the error counted).
     */
    async run<T>(command: (client: RedisClient) => Promise<T>, timeoutMs = this.timeoutMs): Promise<T | undefined> {
        let timer: Timer | undefined;
        const timeout = new Promise<typeof TIMED_OUT>((resolve) => (timer = setTimeout(resolve, timeoutMs, TIMED_OUT)));
        if (this.#starting) await Promise.race([this.#starting, timeout]);
        if (this.#open) {
            clearTimeout(timer);
            return undefined;
        }
        const pending = command(this.#client);
        try {
            const result = await Promise.race([pending, timeout]);
            if (result !== TIMED_OUT) return result;
            // The command may still fail later: nobody is waiting for it any more.
            pending.catch(() => {});
            this.errors++;
            this.#checkHealth();
            return undefined;
        } catch (error) {
            if ((error as {code?: string}).code === "ERR_REDIS_SERVER_ERROR") this.#refused(error as Error);
            else this.#fail(error);
            return undefined;
        } finally {
            clearTimeout(timer);
        }
    }

    /** Whether `close()` was called. */
    get closed(): boolean {
        return this.#closed;
    }

    /** Closes both connections for good. */
    close(): void {
        this.#closed = true;
        clearTimeout(this.#retry);
        this.#client.onclose = null;
        this.#client.close();
        this.#dropSubscriber();
    }

    // The server answers but refuses (out of memory with a noeviction policy, a read-only replica):
    // no outage, and reads go on. Reported once per kind of refusal.
    #refused(error: Error): void {
        this.errors++;
        const kind = error.message.split(" ", 1)[0]!;
        if (this.#refusals.has(kind)) return;
        this.#refusals.add(kind);
        console.error(`jopi-rewrite: Redis at ${displayUrl(this.url)} refused a command of the shared cache: ${error.message}. Later refusals of this kind are counted in stats.errors.`);
    }

    // A late answer is not yet an outage: a process busy with CPU work (compressing new pages for
    // many clients at once) reads replies late too, and measured here, that alone passed 100 ms.
    // A PING with a longer limit tells a hung or lost server from a busy process.
    #checkHealth(): void {
        if (this.#probing || this.#open) return;
        this.#probing = true;
        this.#probe(this.#client)
            .catch((error) => this.#fail(error))
            .finally(() => (this.#probing = false));
    }

    #fail(error: unknown): void {
        if (this.#closed) return;
        this.errors++;
        this.#open = true;
        if (!this.#outage) {
            this.#outage = true;
            const reason = error instanceof Error ? error.message : String(error);
            // Bun reports a refused password or a TLS mismatch as a closed connection.
            const hint = this.#reached ? "" : " If the server asks for a password, an ACL user or TLS, give them in the URL: redis://user:password@host:6379, rediss:// for TLS.";
            console.error(
                `jopi-rewrite: the shared cache cannot use Redis at ${displayUrl(this.url)} (${reason}). ` +
                    `Requests are answered from this process's memory cache or by their handlers until it is back; it reconnects by itself.${hint}`,
            );
        }
        this.#retry ??= setTimeout(() => void this.#reconnect(), this.#delay);
        this.#retry.unref();
        this.#delay = Math.min(this.#delay * 2, LAST_RETRY_MS);
    }

    #dropSubscriber(): void {
        if (!this.#subscriber) return;
        this.#subscriber.onclose = null;
        this.#subscriber.close();
        this.#subscriber = undefined;
    }

    async #reconnect(): Promise<void> {
        this.#retry = undefined;
        // One attempt at a time: two would each open a subscriber, and one would be left open.
        // An attempt that fails schedules the next one.
        if (this.#closed || this.#reconnecting) return;
        this.#reconnecting = true;
        try {
            await this.#connectBoth();
        } catch (error) {
            this.#fail(error);
            return;
        } finally {
            this.#reconnecting = false;
        }
        if (this.#closed) return this.close();
        this.#open = false;
        this.#reached = true;
        this.#delay = FIRST_RETRY_MS;
        if (this.#outage) {
            this.#outage = false;
            console.error(`jopi-rewrite: the shared cache reaches Redis at ${displayUrl(this.url)} again.`);
            this.events.recovered();
        }
    }

    async #connectBoth(): Promise<void> {
        const client = this.#client;
        if (!client.connected) await client.connect();
        else await this.#probe(client);
        if (this.#subscriber?.connected) return;
        this.#dropSubscriber();
        const subscriber = await client.duplicate();
        this.#subscriber = subscriber;
        subscriber.onclose = (error) => this.#fail(error);
        await subscriber.subscribe(this.channel, (text) => this.events.message(text));
    }

    async #probe(client: RedisClient): Promise<void> {
        let timer: Timer | undefined;
        const limit = Math.max(1000, this.timeoutMs * 10);
        const timeout = new Promise<never>((_, reject) => (timer = setTimeout(reject, limit, new Error(`no answer to PING within ${limit} ms`))));
        try {
            await Promise.race([client.ping(), timeout]);
        } finally {
            clearTimeout(timer);
        }
    }
}
