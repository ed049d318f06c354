/**
 * The messages between the supervisor of `jopi-rewrite serve` and its workers, over Bun's IPC
 * (JSON). The supervisor's side is `worker-process.ts`, the worker's side `worker-drain.ts` and
 * `port-claim.ts`: every message either sends is one of the types below, so the protocol reads here.
 *
 * @example
 * const ready: WorkerMessage = {type: "ready", ports: [3000]};
 * process.send!(ready);
 * @see https://jopi-rewrite.dev/docs/production
 * @module
 */
import type {SessionRecord} from "../sessions/record.ts";
import type {SessionPlace} from "../sessions/registry.ts";

/** What a worker tells its supervisor. */
export type WorkerMessage =
    /** Every port of the version answers: the worker may take its slot, and the old one drain. */
    | {type: "ready"; ports: number[]}
    /** A port is served by another app: the worker exits, and the supervisor says why in one line. */
    | {type: "refused"; reason: string}
    /** Draining: the resumable sessions of its sockets and streams, sent just before they close. */
    | {type: "sessions"; sessions: SessionRecord[]}
    /** A client came back with a session this worker does not hold: the supervisor answers `claimed`. */
    | {type: "claim"; request: number; id: string; place?: SessionPlace}
    /** The answer to `release`: the session, now gone from this worker, or null if it is not here any more. */
    | {type: "released"; request: number; session: SessionRecord | null};

/** What the supervisor tells a worker. */
export type SupervisorMessage =
    /** Stop accepting, finish what is in flight, end the long-lived connections, then exit. */
    | {type: "drain"}
    /** Sessions handed over by a draining worker: hold them until their clients come back. */
    | {type: "adopt"; sessions: SessionRecord[]}
    /** The answer to `claim`: the session, given to this worker alone, or null (expired, unknown). */
    | {type: "claimed"; request: number; session: SessionRecord | null}
    /** Another worker's client came back with this session: give it up (answer `released`). */
    | {type: "release"; request: number; id: string};

/**
 * Whether `message`, read from IPC, is a worker message of type `type`: IPC carries whatever the
 * other process sent, so each side checks the shape before it trusts a field.
 * @example if (isMessage(message, "ready")) console.log(message.ports);
 * @see https://jopi-rewrite.dev/docs/production
 */
export function isMessage<T extends (WorkerMessage | SupervisorMessage)["type"]>(message: unknown, type: T): message is Extract<WorkerMessage | SupervisorMessage, {type: T}> {
    return typeof message === "object" && message !== null && (message as {type?: unknown}).type === type;
}
