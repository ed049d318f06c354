/**
 * What an event stream is opened with (`req.eventStream(options)`), and the session part of a
 * resumable one: its id, limits, replay ring and the next number it gives an event.
 *
 * @example req.eventStream({resume: {keepFor: "2m"}, channel: "news", retryMs: 1000});
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#event-streams
 * @module
 */
import type {ResumeLimits, ResumeOptions} from "../sessions/limits.ts";
import type {ReplayRing} from "./replay-ring.ts";
import type {EventStream} from "./stream.ts";

export interface EventStreamOptions {
    /** Channels whose events this stream sends: see `site.publishEvent`. */
    channel?: string | string[];
    /** Tells the browser to reconnect after this many ms if the stream breaks. */
    retryMs?: number;
    /** A comment line every so often, so that idle timeouts (Bun's is 10 s) never cut a quiet stream. Default 5000. */
    keepAliveMs?: number;
    /** Runs at each connection: a new stream, or (with `resume`) a client that came back, `stream.recovered` true. */
    open?(stream: EventStream): unknown;
    /** Runs once when the stream ends for good: a lost connection whose session is kept does not end it. */
    close?(stream: EventStream): unknown;
    /**
     * The most bytes this stream keeps for a client that reads slower than events come (or not at
     * all): past it, the connection is ended, and events are no longer counted as sent to it. The
     * client can reconnect and ask for what it missed with Last-Event-ID. Default 1 MiB (1_048_576).
     */
    maxBufferedBytes?: number;
    /**
     * Makes the stream a session that a client coming back with `Last-Event-ID` resumes, with every
     * event it missed: `true` for the defaults, or `{keepFor: "2m", maxOutboxMessages, maxOutboxBytes, maxSessions}`.
     */
    resume?: boolean | ResumeOptions;
}

/** The session part of a resumable stream. @internal */
export interface StreamSession {
    readonly id: string;
    /** `idField(id)`, written before each event's seq: built once, not for every event. */
    readonly idField: string;
    /** A client coming back with other limits changes them, and its ring's (`ReplayRing.limit`). */
    readonly limits: ResumeLimits;
    readonly ring: ReplayRing;
    nextSeq: number;
    readonly path: string;
    expiry?: Timer;
    expiresAt?: number;
}
