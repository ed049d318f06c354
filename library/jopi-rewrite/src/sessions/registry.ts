/**
 * The resumable sessions this worker holds, WebSockets and event streams alike, whether their
 * client is connected or away: what a drain hands over, what a returning client is matched with,
 * and where sessions handed over by another worker are brought back to life. Loaded once per
 * process, like the rest of the implementation, so sessions outlive reloads.
 *
 * @example
 * holdSession(session); // a new session socket or stream
 * const found = await findSession(id); // local, or claimed from the worker that holds it
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
 * @module
 */
import type {ResumeLimits} from "./limits.ts";
import type {SessionRecord} from "./record.ts";
import type {SessionStore} from "./redis-store.ts";

/** A session as the registry sees it: a WebSocket session or an event-stream session. */
export interface Resumable {
    readonly id: string;
    readonly kind: SessionRecord["kind"];
    /** Its route's limits, with the store it moves through between hosts, if any. */
    readonly limits: ResumeLimits;
    /** Its website and route, checked before it is resumed. */
    toPlace(): SessionPlace;
    /** Its JSON form, for a hand-over to another worker (throws when its data is not JSON). */
    toRecord(): SessionRecord;
    /**
     * After `toRecord`, in the same turn: lets go of everything it holds, and closes its connection
     * for a restart (1012, or a retry hint for a stream) without running the app's `close`: at once,
     * or once `written` settles (its record is in the store: its client will find it there).
     */
    handOver(written?: Promise<unknown>): void;
}

/** Brings a record handed over by another worker back as a detached session of this worker. */
export type Revive = (record: SessionRecord) => Resumable | undefined;

/** Where a session lives: it is only ever resumed at the same place (website and route). */
export type SessionPlace = Pick<SessionRecord, "kind" | "hostname" | "port" | "pattern" | "path">;

/** How a claim reaches the other workers: through the supervisor (hand-over.ts), when there is one. */
export type Claimer = (id: string, place?: SessionPlace) => Promise<SessionRecord | null>;

/**
 * Whether `record` lives at `place`: same kind, website and route.
 * @example if (!samePlace(record, place)) return null; // never resumed on another route
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
 */
export function samePlace(record: SessionPlace, place: SessionPlace): boolean {
    return record.kind === place.kind && record.hostname === place.hostname && record.port === place.port && record.pattern === place.pattern && record.path === place.path;
}

const held = new Map<string, Resumable>();
const revivers = new Map<SessionRecord["kind"], Revive>();
let claimer: Claimer | undefined;

/**
 * Counts a session as held by this worker. @internal
 * @example holdSession(ws.session);
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
 */
export function holdSession(session: Resumable): void {
    held.set(session.id, session);
}

/**
 * Forgets a session: ended for good, or handed over. @internal
 * @example dropSession(id);
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
 */
export function dropSession(id: string): void {
    held.delete(id);
}

/**
 * The session `id` if this worker holds it. @internal
 * @example heldSession(message.id)?.handOver();
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
 */
export function heldSession(id: string): Resumable | undefined {
    return held.get(id);
}

/**
 * Every session held, for a drain. @internal
 * @example for (const session of heldSessions()) records.push(session.toRecord());
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
 */
export function heldSessions(): Resumable[] {
    return [...held.values()];
}

/**
 * How records of `kind` come back to life in this worker: set once by the module of that kind. @internal
 * @example setReviver("websocket", reviveSocketSession);
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
 */
export function setReviver(kind: SessionRecord["kind"], revive: Revive): void {
    revivers.set(kind, revive);
}

/**
 * Brings records handed over by another worker back as sessions held here. @internal
 * @example adoptRecords(message.sessions);
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
 */
export function adoptRecords(records: SessionRecord[]): Resumable[] {
    const adopted: Resumable[] = [];
    for (const record of records) {
        const session = revivers.get(record.kind)?.(record);
        if (session) adopted.push(session);
    }
    return adopted;
}

/**
 * Sets how claims reach other workers (the worker's side of the supervisor protocol). @internal
 * @example setClaimer((id) => askSupervisor(id));
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
 */
export function setClaimer(claim: Claimer): void {
    claimer = claim;
}

/**
 * What `findSession` throws in a worker that has handed its sessions over (it drains): the session
 * is on its way to another worker, and its client must reconnect to find it there.
 * @example if (error instanceof SessionsMoved) return textResponse(error.message, {status: 503});
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
 */
export class SessionsMoved extends Error {
    constructor() {
        super("jopi-rewrite: this worker is restarting and has handed its sessions over; connect again to resume yours.");
    }
}

let moveOn: ((record: SessionRecord) => void) | undefined;

/**
 * From now on, this worker resumes no session: a record a claim brings back (asked before the
 * drain) goes on with `send`, to the worker that takes the others. @internal
 * @example stopResuming((record) => tell({type: "sessions", sessions: [record]}));
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
 */
export function stopResuming(send: (record: SessionRecord) => void): void {
    moveOn = send;
}

/**
 * The session `id` for a returning client: held here, or claimed from the worker that holds it (it
 * then forgets it: a session is resumed in one place only). Undefined when nobody holds it, or when
 * it lives at another place than `place` (another website or route): then it stays where it is.
 * With a store in `limits`, it is claimed from the store only (see `fromStore`).
 * @internal
 * @example const session = await findSession(offer.resume.id, {kind: "websocket", hostname, port, pattern, path}, limits);
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
 */
export async function findSession(id: string, place?: SessionPlace, limits?: ResumeLimits): Promise<Resumable | undefined> {
    const here = () => {
        const local = held.get(id);
        return local && (!place || samePlace(local.toPlace(), place)) ? local : undefined;
    };
    const store = limits?.store;
    if (held.has(id) || (!claimer && !store)) return here();
    if (moveOn && !store) throw new SessionsMoved();
    const record = store ? await fromStore(store, id, limits!, place) : await claimer!(id, place);
    // Claimed before the drain, back after it: the session goes on with the others.
    if (moveOn && !store) {
        if (record) moveOn(record);
        throw new SessionsMoved();
    }
    // No record: the session may have been adopted here meanwhile (the supervisor sends the adoption first).
    if (!record || record.id !== id || (place && !samePlace(record, place))) return here();
    return held.get(id) ?? adoptRecords([record])[0];
}

/**
 * Session `id` taken out of `store` for a request at `place`. Hosts may listen on different ports
 * (PORT), so a record from the store belongs to the website of the same hostname and route, and takes
 * this host's port; one of another website or route goes back where it was: an id offered elsewhere
 * takes nothing.
 */
async function fromStore(store: SessionStore, id: string, limits: ResumeLimits, place: SessionPlace | undefined): Promise<SessionRecord | null> {
    const record = await store.claim(id, limits);
    if (!record || !place) return record;
    if (!samePlace({...record, port: place.port}, place)) {
        await store.put([record]);
        return null;
    }
    return {...record, port: place.port};
}
