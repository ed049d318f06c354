/**
 * An event stream as the app sees it: plain (one response, ends with it), or resumable (a session
 * that outlives its responses: its client may go away and come back, here or at another worker,
 * and get every event it missed).
 *
 * @example req.eventStream({resume: true, channel: "news", open(stream) { if (!stream.recovered) stream.send({data: everything()}); }});
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#event-streams
 * @module
 */
import {closed, opened, type LongLived} from "../long-lived.ts";
import type {ResumeLimits, ResumeOptions} from "../sessions/limits.ts";
import type {Outbox} from "../sessions/outbox.ts";
import type {SessionRecord} from "../sessions/record.ts";
import {dropSession, type SessionPlace} from "../sessions/registry.ts";
import {subscribe, unsubscribe, WireEvent, type ServerEvent, type StreamSite, type Subscriber} from "./channel.ts";
import type {Connection} from "./connection.ts";
import {awayFrom, backAt} from "./session.ts";

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
    /** Shared with its outbox: a client coming back with other limits changes both. */
    readonly limits: ResumeLimits;
    readonly outbox: Outbox;
    nextSeq: number;
    readonly path: string;
    expiry?: Timer;
    expiresAt?: number;
}

/**
 * An open event stream, as `options.open` receives it and `site.eventStreams()` lists it. A plain
 * stream ends when its client goes away (the `close` option runs then), when the server shuts
 * down, or when `close()` is called; a resumable one waits `keepFor` for its client instead.
 *
 * @example req.eventStream({open(stream) { stream.send({event: "hello", data: {at: Date.now()}}); }});
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#event-streams
 */
export class EventStream implements LongLived, Subscriber {
    /** The `Last-Event-ID` the client sent at its latest connection: the last id it received. */
    lastEventId: string | undefined = undefined;
    /** True when this connection resumed a session: the client got every event it missed. */
    recovered = false;
    /** State of a resumable stream: JSON, since it travels to another worker with its session. */
    data: Record<string, any> = {};
    readonly port: number;
    readonly hostname: string;
    private connection: Connection | undefined = undefined;
    private options: EventStreamOptions = {};
    private ended = false;

    /** @internal */
    constructor(
        private readonly site: StreamSite,
        /** The channels it is subscribed to. @internal */
        readonly channels: string[],
        /** `GET 127.0.0.1:3000/events`: how logs name it. @internal */
        public where: string,
        /** @internal */
        readonly session?: StreamSession,
    ) {
        [this.port, this.hostname] = [site.port, site.hostname];
        subscribe(site, channels, this);
        opened(this);
    }

    /** The session's id, on a resumable stream. */
    get sessionId(): string | undefined {
        return this.session?.id;
    }

    /** Whether a response is being sent now (a session whose client is away has none). @internal */
    get isResponse(): boolean {
        return this.connection !== undefined;
    }

    /** Whether the stream has ended for good. */
    get closed(): boolean {
        return this.ended;
    }

    /**
     * Sends an event (a string is the data of a `message` event); a resumable stream keeps it for a
     * replay, and only keeps it while its client is away. Returns false once the stream has ended.
     */
    send(event: ServerEvent | string): boolean {
        return this.deliver(new WireEvent(event));
    }

    /** Ends the stream for good; with `retryMs`, tells the browser when to reconnect. */
    close(retryMs?: number): void {
        if (this.ended) return;
        this.connection?.end(retryMs);
        this.finish(true);
    }

    /** @internal */
    end(_code: number, _reason: string, retryMs?: number): void {
        this.close(retryMs);
    }

    /** @internal */
    deliver(event: WireEvent): boolean {
        if (this.ended) return false;
        if (!this.session) return this.connection?.write(event.plain()) ?? false;
        const seq = this.session.nextSeq++;
        const text = event.numbered(`${this.session.id}.${seq}`);
        this.session.outbox.push(seq, text);
        this.connection?.write(text);
        return true;
    }

    /**
     * Gives the stream its (new) connection: a new session gets its first id, a resumed one every
     * event after `resumeFrom`, then the app's `open` runs. @internal
     */
    attach(connection: Connection, request: Request, options: EventStreamOptions, resumeFrom?: number): void {
        // A client that came back before its previous connection was seen gone.
        this.connection?.end();
        [this.connection, this.options, this.where] = [connection, options, connection.where];
        this.lastEventId = request.headers.get("last-event-id") ?? undefined;
        this.recovered = resumeFrom !== undefined;
        const session = this.session;
        if (session) {
            clearTimeout(session.expiry);
            backAt(this.awayKey(), this);
            if (resumeFrom === undefined) connection.write(`id: ${session.id}.0\n\n`);
            else for (const {data} of session.outbox.after(resumeFrom) ?? []) connection.write(data as string);
        }
        if (connection.closed) return this.lost(connection);
        this.run("open", () => options.open?.(this));
    }

    /** Its client went away, or left its budget unread: a plain stream ends, a session waits. @internal */
    lost(connection: Connection): void {
        if (connection !== this.connection || this.ended) return;
        this.connection = undefined;
        if (this.session) this.detach(Date.now() + this.session.limits.keepForMs);
        else this.finish(true);
    }

    /** Waits for its client until `expiresAt`, subscribed to its channels, keeping what is published. @internal */
    detach(expiresAt: number): void {
        const session = this.session!;
        session.expiresAt = expiresAt;
        session.expiry = setTimeout(() => this.finish(true), Math.max(0, expiresAt - Date.now()));
        session.expiry.unref();
        awayFrom(this.awayKey(), this, session.limits.maxSessions);
    }

    /** Whether a client at `path` of `site` that received up to `seq` can resume this session. @internal */
    canResume(site: StreamSite, path: string, seq: number): boolean {
        const session = this.session;
        if (!session || this.ended || site.hostname !== this.hostname || site.port !== this.port || path !== session.path) return false;
        return seq < session.nextSeq && session.outbox.after(seq) !== undefined;
    }

    /** Its website and path: a session is only resumed there. @internal */
    place(): SessionPlace {
        const {hostname, port, session} = this;
        return {kind: "event-stream", hostname, port, pattern: session!.path, path: session!.path};
    }

    /** Its JSON form, for a hand-over. @internal */
    toRecord(): SessionRecord {
        const session = this.session!;
        let data: unknown;
        try {
            data = JSON.parse(JSON.stringify(this.data));
        } catch (error) {
            throw new TypeError(`jopi-rewrite: the data of the event stream session of ${this.where} is not JSON (${String(error)}); it cannot move to another worker.`);
        }
        const {hostname, port, pattern, path} = this.place();
        const expiresAt = session.expiresAt ?? Date.now() + session.limits.keepForMs;
        const [outbox, nextSeq] = [session.outbox.toEntries(), session.nextSeq];
        return {kind: "event-stream", id: session.id, hostname, port, pattern, path, params: {}, data, topics: this.channels, outbox, nextSeq, received: 0, expiresAt};
    }

    /** Ends its connection with a retry hint and lets go of it, without the app's `close`: another worker has it now. @internal */
    handOver(retryMs: number): void {
        this.connection?.end(retryMs);
        this.finish(false);
    }

    private awayKey(): string {
        return `${this.hostname}:${this.port}${this.session!.path}`;
    }

    private finish(runClose: boolean): void {
        if (this.ended) return;
        this.ended = true;
        this.connection = undefined;
        unsubscribe(this.site, this.channels, this);
        closed(this);
        if (this.session) {
            clearTimeout(this.session.expiry);
            backAt(this.awayKey(), this);
            dropSession(this.session.id);
        }
        if (runClose) this.run("close", () => this.options.close?.(this));
    }

    private run(name: string, handler: () => unknown): void {
        const fail = (error: unknown) => {
            console.error(`jopi-rewrite: the event stream ${name} handler of ${this.where} failed; ended the stream.`);
            console.error(error);
            this.close();
        };
        try {
            const result = handler();
            if (result instanceof Promise) result.catch(fail);
        } catch (error) {
            fail(error);
        }
    }
}
