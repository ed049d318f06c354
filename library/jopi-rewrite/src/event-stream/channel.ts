/**
 * Channels of event streams, and events in their wire form. A stream is a response that never ends,
 * so it keeps the closures of the version of the code that opened it: to send what the *current*
 * version produces, the current version publishes into a channel (`site.publishEvent`), and every
 * stream subscribed to that channel, old or new, attached or waiting for its client, sends it.
 * Channels live here, in the implementation loaded once per process.
 *
 * @example publishEvent(site, "news", {event: "title", data: {title}});
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#event-streams
 * @module
 */

/** One event. `data` that is not a string is sent as JSON. */
export interface ServerEvent {
    data: unknown;
    /** The event's type: the client listens with `addEventListener(event, ...)`; `message` when absent. */
    event?: string;
    /**
     * The client sends the last id it saw back in `Last-Event-ID` when it reconnects. A resumable
     * stream numbers its events itself and ignores this one.
     */
    id?: string | number;
}

/** Where a stream belongs: a website's host and port. */
export interface StreamSite {
    readonly hostname: string;
    readonly port: number;
}

/** What a channel sends its events to: an event stream. */
export interface Subscriber {
    /** Sends (or, for a session waiting for its client, keeps) the event; false once it has ended. */
    deliver(event: WireEvent): boolean;
}

const encoder = new TextEncoder();
const channels = new Map<string, Set<Subscriber>>();

function oneLine(field: string, value: string): string {
    if (/[\r\n]/.test(value)) throw new TypeError(`jopi-rewrite: an event's ${field} cannot hold a line break: ${JSON.stringify(value)}.`);
    return value;
}

/**
 * An event in its wire form, encoded once however many streams send it: `event:`, `id:`, then one
 * `data:` line per line of the data; the id is kept apart, since a resumable stream puts its own there.
 *
 * @example new WireEvent({event: "tick", data: {n: 1}}).numbered(idField("q3V0...-Aw"), 1);
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#event-streams
 */
export class WireEvent {
    private readonly type: string;
    private readonly data: string;
    private readonly id: string | undefined;
    private bytes: Uint8Array | undefined = undefined;

    constructor(event: ServerEvent | string) {
        const {data, event: type, id} = typeof event === "string" ? {data: event, event: undefined, id: undefined} : event;
        this.type = type === undefined ? "" : `event: ${oneLine("event name", type)}\n`;
        this.id = id === undefined ? undefined : oneLine("id", String(id));
        let lines = "";
        for (const line of (typeof data === "string" ? data : JSON.stringify(data)).split(/\r\n|\r|\n/)) lines += `data: ${line}\n`;
        this.data = `${lines}\n`;
    }

    /** The event with the id it was given, as a plain stream sends it. */
    plain(): Uint8Array {
        return (this.bytes ??= encoder.encode(this.id === undefined ? this.type + this.data : `${this.type}id: ${this.id}\n${this.data}`));
    }

    /**
     * The event under the id `<session>.<seq>` instead, as a resumable stream sends it and keeps it
     * for a replay; `field` is `idField(session)`.
     */
    numbered(field: string, seq: number): Uint8Array {
        return encoder.encode(`${this.type}${field}${seq}\n${this.data}`);
    }
}

/**
 * The start of the id field of a session's events, up to its seq.
 * @example idField("q3V0...-Aw"); // "id: q3V0...-Aw."
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#event-streams-that-resume
 */
export const idField = (session: string) => `id: ${session}.`;

const channelKey = (site: StreamSite, name: string) => `${site.hostname}:${site.port} ${name}`;

/**
 * Subscribes a stream to the channels `names` of its website. @internal
 * @example subscribe(site, ["news"], stream);
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#event-streams
 */
export function subscribe(site: StreamSite, names: string[], subscriber: Subscriber): void {
    for (const key of names.map((name) => channelKey(site, name))) channels.get(key)?.add(subscriber) ?? channels.set(key, new Set([subscriber]));
}

/**
 * Ends the subscriptions `subscribe` made. @internal
 * @example unsubscribe(site, ["news"], stream);
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#event-streams
 */
export function unsubscribe(site: StreamSite, names: string[], subscriber: Subscriber): void {
    for (const key of names.map((name) => channelKey(site, name))) {
        const subscribers = channels.get(key);
        if (subscribers?.delete(subscriber) && subscribers.size === 0) channels.delete(key);
    }
}

/**
 * Sends `event` to every stream of the website subscribed to `channel`, whichever version of the
 * code opened it. Returns how many streams it was sent to (or kept for, while their client is away).
 * @internal
 * @example publishEvent(site, "news", "hello");
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#event-streams
 */
export function publishEvent(site: StreamSite, channel: string, event: ServerEvent | string): number {
    const subscribers = channels.get(channelKey(site, channel));
    if (subscribers === undefined) return 0;
    const wire = new WireEvent(event);
    let sent = 0;
    for (const subscriber of subscribers) if (subscriber.deliver(wire)) sent++;
    return sent;
}
