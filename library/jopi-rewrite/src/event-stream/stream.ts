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
import {dropSession, type SessionPlace} from "../sessions/registry.ts";
import {subscribe, unsubscribe, WireEvent, type ServerEvent, type StreamSite, type Subscriber} from "./channel.ts";
import type {Connection} from "./connection.ts";
import type {EventStreamOptions, StreamSession} from "./options.ts";
import {awayFrom, backAt} from "./session.ts";

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
        const bytes = this.session.ring.keep(seq, event, this.session.idField);
        this.connection?.write(bytes);
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
            session.expiresAt = undefined;
            backAt(this.awayKey(), this);
            if (resumeFrom === undefined) connection.write(`id: ${session.id}.0\n\n`);
            else for (const bytes of session.ring.after(resumeFrom) ?? []) connection.write(bytes);
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
        return seq < session.nextSeq && session.ring.covers(seq);
    }

    /** Its website and path: a session is only resumed there. @internal */
    place(): SessionPlace {
        const {hostname, port, session} = this;
        return {kind: "event-stream", hostname, port, pattern: session!.path, path: session!.path};
    }

    /**
     * Ends its connection with a retry hint (once `written` settles, when given) and lets go of it,
     * without the app's `close`: another worker, or the store, has it now. @internal
     */
    handOver(retryMs: number, written?: Promise<unknown>): void {
        const connection = this.connection;
        this.finish(false);
        if (written) void written.finally(() => connection?.end(retryMs));
        else connection?.end(retryMs);
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
