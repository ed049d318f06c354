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
import type {SessionRecord} from "./record.ts";

/** A session as the registry sees it: a WebSocket session or an event-stream session. */
export interface Resumable {
    readonly id: string;
    readonly kind: SessionRecord["kind"];
    /** Its website and route, checked before it is resumed. */
    toPlace(): SessionPlace;
    /** Its JSON form, for a hand-over to another worker (throws when its data is not JSON). */
    toRecord(): SessionRecord;
    /**
     * After `toRecord`, in the same turn: closes its connection for a restart (1012, or a retry
     * hint for a stream) without running the app's `close`, and lets go of everything it holds.
     */
    handOver(): void;
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
 * @example setReviver("websocket", (record) => SocketSession.revive(record));
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
 * The session `id` for a returning client: held here, or claimed from the worker that holds it (it
 * then forgets it: a session is resumed in one place only). Undefined when nobody holds it, or when
 * it lives at another place than `place` (another website or route): then it stays where it is.
 * @internal
 * @example const session = await findSession(offer.resume.id, {kind: "websocket", hostname, port, pattern, path});
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
 */
export async function findSession(id: string, place?: SessionPlace): Promise<Resumable | undefined> {
    const here = () => {
        const local = held.get(id);
        return local && (!place || samePlace(local.toPlace(), place)) ? local : undefined;
    };
    if (held.has(id) || !claimer) return here();
    const record = await claimer(id, place);
    // No record: the session may have been adopted here meanwhile (the supervisor sends the adoption first).
    if (!record || record.id !== id || (place && !samePlace(record, place))) return here();
    return held.get(id) ?? adoptRecords([record])[0];
}
