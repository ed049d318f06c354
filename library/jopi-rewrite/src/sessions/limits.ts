/**
 * The `resume` option of a WebSocket route or an event stream, and its limits with their defaults
 * in one place. A detached session holds memory for a client that may never come back, so each
 * limit is bounded: at the defaults, 10_000 sessions of a route hold at most 1 MiB each, and only
 * for 2 minutes.
 *
 * @example site.onWebSocket("/chat", {resume: {keepFor: "2m", maxOutboxMessages: 500}, message(ws, text) { ws.send(text); }});
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
 * @module
 */

/** What an app may give as `resume`: `true` for the defaults, or some of the limits. */
export interface ResumeOptions {
    /** How long a session waits for its client: ms, or "30s", "2m", "1h". Default 2 min, at most 1 h. */
    keepFor?: number | string;
    /** Messages kept for a client until it acknowledges them. Default 1000. */
    maxOutboxMessages?: number;
    /** Bytes kept for a client until it acknowledges them. Default 1 MiB. */
    maxOutboxBytes?: number;
    /** Sessions of the route waiting for their client, per worker; the oldest goes first. Default 10_000. */
    maxSessions?: number;
}

/** The limits in force for one route: every one set. */
export interface ResumeLimits {
    keepForMs: number;
    maxOutboxMessages: number;
    maxOutboxBytes: number;
    maxSessions: number;
}

export const DEFAULT_KEEP_FOR_MS = 120_000;
export const MAX_KEEP_FOR_MS = 3_600_000;
export const DEFAULT_MAX_OUTBOX_MESSAGES = 1000;
export const DEFAULT_MAX_OUTBOX_BYTES = 1_048_576;
export const DEFAULT_MAX_SESSIONS = 10_000;

const UNITS: Record<string, number> = {ms: 1, s: 1000, m: 60_000, h: 3_600_000};
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;

/**
 * A duration as an app writes it, in ms: a number of ms, or "30s", "2m", "1h"; between 1 ms and 1 h.
 * @example durationOf("keepFor", "2m", "WebSocket /chat on http://127.0.0.1:3000"); // 120000
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
 */
export function durationOf(name: string, value: number | string, where: string): number {
    const match = typeof value === "string" ? DURATION.exec(value.trim()) : undefined;
    const ms = typeof value === "number" ? value : match ? Number(match[1]) * UNITS[match[2]!]! : NaN;
    if (!(Number.isFinite(ms) && ms >= 1 && ms <= MAX_KEEP_FOR_MS)) {
        throw new TypeError(`jopi-rewrite: ${name} of ${where} must be a duration from 1 ms to 1 h (a number of ms, or "30s", "2m", "1h"), not ${JSON.stringify(value)}.`);
    }
    return Math.round(ms);
}

function count(name: string, value: unknown, fallback: number, where: string): number {
    if (value === undefined) return fallback;
    if (typeof value !== "number" || !Number.isSafeInteger(value) || value <= 0) {
        throw new TypeError(`jopi-rewrite: resume.${name} of ${where} must be a whole number above 0, not ${String(value)}.`);
    }
    return value;
}

/**
 * The limits of a `resume` option, checked (a TypeError that names the option and the route), or
 * undefined when the route does not take sessions.
 * @example resumeLimitsOf(true, "WebSocket /chat on http://127.0.0.1:3000"); // {keepForMs: 120000, maxOutboxMessages: 1000, ...}
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
 */
export function resumeLimitsOf(resume: boolean | ResumeOptions | undefined, where: string): ResumeLimits | undefined {
    if (resume === undefined || resume === false) return undefined;
    if (resume !== true && (typeof resume !== "object" || resume === null)) {
        throw new TypeError(`jopi-rewrite: resume of ${where} is true or an object like {keepFor: "2m"}, not ${String(resume)}.`);
    }
    const options: ResumeOptions = resume === true ? {} : resume;
    const known = new Set(["keepFor", "maxOutboxMessages", "maxOutboxBytes", "maxSessions"]);
    const unknown = Object.keys(options).find((key) => !known.has(key));
    if (unknown) throw new TypeError(`jopi-rewrite: resume of ${where} has no option ${unknown}; it takes ${[...known].join(", ")}.`);
    return {
        keepForMs: options.keepFor === undefined ? DEFAULT_KEEP_FOR_MS : durationOf("resume.keepFor", options.keepFor, where),
        maxOutboxMessages: count("maxOutboxMessages", options.maxOutboxMessages, DEFAULT_MAX_OUTBOX_MESSAGES, where),
        maxOutboxBytes: count("maxOutboxBytes", options.maxOutboxBytes, DEFAULT_MAX_OUTBOX_BYTES, where),
        maxSessions: count("maxSessions", options.maxSessions, DEFAULT_MAX_SESSIONS, where),
    };
}
