/**
 * Where event streams begin: a request that asks for one (a new stream or session, or a client
 * coming back with `Last-Event-ID`), and a session handed over by another worker. Loaded once per
 * process with the rest of the implementation, so it registers how stream records come back to life.
 *
 * @example return openEventStream(request, site, {resume: true, channel: "news"});
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#event-streams-that-resume
 * @module
 */
import {describeRequest} from "../errors.ts";
import {checkLimit, DEFAULT_MAX_BUFFERED_BYTES} from "../limits.ts";
import {openConnections} from "../long-lived.ts";
import {resumeLimitsOf, type ResumeLimits} from "../sessions/limits.ts";
import type {SessionRecord} from "../sessions/record.ts";
import {findSession, holdSession, SessionsMoved, setReviver, type Resumable, type SessionPlace} from "../sessions/registry.ts";
import {newSessionId} from "../sessions/wire.ts";
import {idField, type StreamSite} from "./channel.ts";
import {Connection} from "./connection.ts";
import {ReplayRing} from "./replay-ring.ts";
import {parseLastEventId} from "./session.ts";
import type {EventStreamOptions} from "./options.ts";
import {EventStream} from "./stream.ts";

// The retry hint of a stream handed over at a restart: its client comes back to the next worker soon.
const HAND_OVER_RETRY_MS = 250;

/** A session stream as the registry of sessions holds it. */
class HeldStream implements Resumable {
    readonly kind = "event-stream";

    constructor(readonly id: string, readonly stream: EventStream) {}

    toPlace(): SessionPlace {
        return this.stream.place();
    }

    toRecord(): SessionRecord {
        const {stream} = this;
        const session = stream.session!;
        let data: unknown;
        try {
            data = JSON.parse(JSON.stringify(stream.data));
        } catch (error) {
            throw new TypeError(`jopi-rewrite: the data of the event stream session of ${stream.where} is not JSON (${String(error)}); it cannot move to another worker.`);
        }
        const {hostname, port, pattern, path} = stream.place();
        // A client connected now has all of keepFor to come back; one away, what is left of it.
        const expiresAt = stream.isResponse || session.expiresAt === undefined ? Date.now() + session.limits.keepForMs : session.expiresAt;
        const [outbox, nextSeq] = [session.ring.toEntries(), session.nextSeq];
        return {kind: "event-stream", id: session.id, hostname, port, pattern, path, params: {}, data, topics: stream.channels, outbox, nextSeq, received: 0, expiresAt};
    }

    get limits(): ResumeLimits {
        return this.stream.session!.limits;
    }

    handOver(written?: Promise<unknown>): void {
        this.stream.handOver(HAND_OVER_RETRY_MS, written);
    }
}

function newSession(site: StreamSite, channels: string[], where: string, path: string, limits: ResumeLimits): EventStream {
    const id = newSessionId();
    const stream = new EventStream(site, channels, where, {id, idField: idField(id), limits, ring: new ReplayRing(limits), nextSeq: 1, path});
    holdSession(new HeldStream(stream.sessionId!, stream));
    return stream;
}

/**
 * The response of `req.eventStream(options)`. With `resume`, a request whose `Last-Event-ID` names
 * a session of the same website and path, held here or by another worker, resumes it when its
 * events after that id are still kept; otherwise it opens a new session. @internal
 * @example site.onGET("/events", (req) => openEventStream(req.request, site, {resume: true}));
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#event-streams-that-resume
 */
export function openEventStream(request: Request, site: StreamSite, options: EventStreamOptions = {}): Response {
    const where = describeRequest(request);
    const maxBufferedBytes = checkLimit("maxBufferedBytes", options.maxBufferedBytes, `the event stream of ${where}`) ?? DEFAULT_MAX_BUFFERED_BYTES;
    const limits = resumeLimitsOf(options.resume, `the event stream of ${where}`);
    const channels = options.channel === undefined ? [] : Array.isArray(options.channel) ? options.channel : [options.channel];
    let stream: EventStream | undefined;
    const {retryMs, keepAliveMs} = options;
    const connection = new Connection(request, {maxBufferedBytes, retryMs, keepAliveMs}, () => stream?.lost(connection));
    if (!limits) {
        stream = new EventStream(site, channels, where);
        stream.attach(connection, request, options);
        return connection.response;
    }
    const path = new URL(request.url).pathname;
    const last = parseLastEventId(request.headers.get("last-event-id"));
    if (!last) {
        stream = newSession(site, channels, where, path, limits);
        stream.attach(connection, request, options);
        return connection.response;
    }
    // The headers and the first comment are on their way already; the session follows them.
    findSession(last.id, {kind: "event-stream", hostname: site.hostname, port: site.port, pattern: path, path}, limits)
        .catch((error) => {
            // A worker that drains: the browser comes back soon with the same Last-Event-ID, to another worker.
            if (error instanceof SessionsMoved) return SessionsMoved;
            console.error(`jopi-rewrite: could not look up the event stream session of ${where}; opening a new one.`, error);
        })
        .then((found) => {
            if (found === SessionsMoved) return connection.end(HAND_OVER_RETRY_MS);
            const held = found instanceof HeldStream && found.stream.canResume(site, path, last.seq) ? found.stream : undefined;
            // The limits of the route as it is now: they also bound what the session keeps from now on.
            if (held) {
                Object.assign(held.session!.limits, limits);
                held.session!.ring.limit(limits);
            }
            stream = held ?? newSession(site, channels, where, path, limits);
            stream.attach(connection, request, options, held ? last.seq : undefined);
        });
    return connection.response;
}

/**
 * Every event stream of the website at `site`, including the sessions waiting for their client.
 * @internal
 * @example for (const stream of eventStreamsOf(site)) stream.send("tick");
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#event-streams-that-resume
 */
export function eventStreamsOf(site: StreamSite): EventStream[] {
    return openConnections(site.port).filter((one): one is EventStream => one instanceof EventStream && one.hostname === site.hostname);
}

// A record handed over by another worker: a session of this worker now, waiting for its client
// until the time the other worker would have waited.
setReviver("event-stream", (record) => {
    const limits = resumeLimitsOf(true, "an event stream session")!;
    const first = record.outbox[0]?.seq ?? record.nextSeq;
    const ring = ReplayRing.fromEntries(record.outbox, limits, first - 1);
    if (!ring || record.expiresAt <= Date.now()) return undefined;
    const site = {hostname: record.hostname, port: record.port};
    const stream = new EventStream(site, record.topics, `GET ${record.hostname}:${record.port}${record.path}`, {id: record.id, idField: idField(record.id), limits, ring, nextSeq: record.nextSeq, path: record.path});
    stream.data = record.data as Record<string, any>;
    stream.detach(record.expiresAt);
    const held = new HeldStream(record.id, stream);
    holdSession(held);
    return held;
});
