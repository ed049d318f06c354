/**
 * How long a `ResumableWebSocket` waits before it connects again: "full jitter" exponential
 * backoff. The wait is random between 0 and a ceiling that doubles at each failed attempt, up to a
 * cap. The randomness matters more than the doubling: when a rolling restart closes every
 * connection of a worker at once, equal waits would bring all its clients back in the same
 * instant; random ones spread them over the whole window.
 * @module
 */

/** The backoff's two numbers, in milliseconds. */
export interface BackoffOptions {
    /** The ceiling of the first wait: 250 ms by default. It doubles at each failed attempt. */
    base?: number;
    /** The highest ceiling: 10 s by default. */
    cap?: number;
}

/** The default first ceiling, in milliseconds. */
export const DEFAULT_BACKOFF_BASE = 250;
/** The default highest ceiling, in milliseconds. */
export const DEFAULT_BACKOFF_CAP = 10_000;

/**
 * Checks the backoff options and fills in the defaults.
 * @example const backoff = checkBackoff({base: 100}, "ws://127.0.0.1:3000/chat"); // {base: 100, cap: 10000}
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#the-client
 */
export function checkBackoff(options: BackoffOptions | undefined, where: string): Required<BackoffOptions> {
    const base = options?.base ?? DEFAULT_BACKOFF_BASE;
    const cap = options?.cap ?? DEFAULT_BACKOFF_CAP;
    for (const [name, value] of [["base", base], ["cap", cap]] as const) {
        if (!(Number.isFinite(value) && value >= 0)) {
            throw new TypeError(`jopi-rewrite: backoff.${name} of the ResumableWebSocket to ${where} must be a number of milliseconds, 0 or more, not ${String(value)}.`);
        }
    }
    if (cap < base) throw new TypeError(`jopi-rewrite: backoff.cap (${cap} ms) of the ResumableWebSocket to ${where} is below backoff.base (${base} ms); raise cap or lower base.`);
    return {base, cap};
}

/**
 * The wait before attempt number `attempt` (0 for the first one after a connection was lost):
 * random in 0..min(cap, base * 2^attempt).
 * @example reconnectDelay(0, {base: 250, cap: 10_000}); // somewhere in 0..250
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#the-client
 */
export function reconnectDelay(attempt: number, backoff: Required<BackoffOptions>, random: () => number = Math.random): number {
    const ceiling = Math.min(backoff.cap, backoff.base * 2 ** Math.min(attempt, 52));
    return Math.floor(random() * ceiling);
}
