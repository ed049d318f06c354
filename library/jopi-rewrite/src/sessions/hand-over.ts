/**
 * The worker's side of the session hand-over (`jopi-rewrite serve`): a draining worker sends every
 * session it holds to its supervisor, which gives them to the fresh worker of its slot (`adopt`);
 * a client that comes back to a worker without its session makes that worker `claim` it, and the
 * supervisor has the worker holding it `release` it. Records are untrusted on arrival: each is
 * checked before it is revived.
 *
 * @example
 * // Run by the worker's drain, never by an app.
 * installHandOver(); // once per worker process
 * await handOverSessions(); // in the drain, right after the worker stops accepting
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
 * @module
 */
import {isMessage, type WorkerMessage} from "../supervisor/protocol.ts";
import {isSessionRecord, type SessionRecord} from "./record.ts";
import {adoptRecords, heldSession, heldSessions, setClaimer, stopResuming, type SessionPlace} from "./registry.ts";
import {handOverToStores, recordOf} from "./store-hand-over.ts";

// A claim the supervisor does not answer in this time resumes nothing: the client gets a new session.
// Longer than the supervisor's own waits for a claim (5 s for a draining worker's sessions, then 2 s
// for the holder's release: session-store.ts), so that a slow answer is not lost on the way.
const CLAIM_TIMEOUT_MS = 8_000;
const SEND_TIMEOUT_MS = 2_000;

const claims = new Map<number, (record: SessionRecord | null) => void>();
let nextRequest = 0;

function tell(message: WorkerMessage): Promise<void> {
    return new Promise((resolve) => {
        setTimeout(resolve, SEND_TIMEOUT_MS).unref();
        try {
            process.send!(message, undefined, undefined, () => resolve());
        } catch {
            resolve(); // The supervisor is gone: nobody to hand over to.
        }
    });
}

function claim(id: string, place?: SessionPlace): Promise<SessionRecord | null> {
    const request = ++nextRequest;
    const answered = new Promise<SessionRecord | null>((resolve) => {
        claims.set(request, resolve);
        setTimeout(() => claims.delete(request) && resolve(null), CLAIM_TIMEOUT_MS).unref();
    });
    void tell({type: "claim", request, id, place});
    return answered;
}

function release(id: string): SessionRecord | null {
    const session = heldSession(id);
    const record = session ? recordOf(session) : null;
    session?.handOver();
    return record;
}

/**
 * Answers the supervisor's session messages (adopt, release, claimed) and sends this worker's
 * claims to it. Once per worker process. @internal
 * @example installHandOver();
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
 */
export function installHandOver(): void {
    setClaimer(claim);
    process.on("message", (message: unknown) => {
        if (isMessage(message, "adopt") && Array.isArray(message.sessions)) adoptRecords(message.sessions.filter(isSessionRecord));
        else if (isMessage(message, "claimed")) {
            const resolve = claims.get(message.request);
            claims.delete(message.request);
            resolve?.(isSessionRecord(message.session) ? message.session : null);
        } else if (isMessage(message, "release") && typeof message.id === "string") {
            void tell({type: "released", request: message.request, session: release(message.id)});
        }
    });
}

/**
 * Hands every session of this worker to the supervisor, in one synchronous turn: each one's record,
 * one `sessions` message, then each one closes its connection (1012) and is forgotten here. A
 * session whose data is not JSON is not handed over (one line names its route). Sessions whose route
 * has a store go to it instead (see `handOverToStores`). Resolves once the message is on its way
 * and the store has answered. @internal
 * @example await handOverSessions();
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
 */
export function handOverSessions(): Promise<void> {
    // A claim still on its way resumes nothing here: what it brings back follows the others.
    stopResuming((record) => void tell({type: "sessions", sessions: [record]}));
    const stored = handOverToStores();
    const sessions = heldSessions();
    const records = sessions.map(recordOf).filter((record) => record !== null);
    const sent = tell({type: "sessions", sessions: records});
    for (const session of sessions) session.handOver();
    return Promise.all([sent, stored]).then(() => undefined);
}
