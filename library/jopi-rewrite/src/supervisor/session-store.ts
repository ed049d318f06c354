/**
 * The supervisor's side of the session hand-over: the sessions a draining worker sends are given
 * to the fresh worker of its slot (`adopt`), or kept here, bounded and until they expire, when
 * there is none; it remembers which worker holds each, so that a claim from another worker makes
 * the holder `release` it. A session is given to one worker only. Claims made while a worker drains
 * wait (bounded) for its sessions to arrive: its clients reconnect as it hands them over.
 *
 * @example
 * const store = new SessionStore(() => workers);
 * store.handingOver(old, fresh); // before old.drain()
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
 * @module
 */
import {isSessionRecord, type SessionRecord} from "../sessions/record.ts";
import {samePlace, type SessionPlace} from "../sessions/registry.ts";
import {isMessage, type SupervisorMessage} from "./protocol.ts";
import type {WorkerProcess} from "./worker-process.ts";

// Records kept with no worker to hold them (a shutdown, a slot not refilled yet); the oldest go first.
const MAX_KEPT = 100_000;
// How long a claim waits for a draining worker's sessions (it waits for a quiet moment, 3 s at
// most, before it hands them over), and for a holder's release.
const WAIT_FOR_DRAIN_MS = 5_000;
const RELEASE_TIMEOUT_MS = 2_000;

/**
 * The sessions of a supervisor's workers. @internal
 * @example new SessionStore(() => liveWorkers).fromWorker(worker, message);
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
 */
export class SessionStore {
    private readonly kept = new Map<string, SessionRecord>();
    private readonly holders = new Map<string, WorkerProcess>();
    private readonly drains = new Map<WorkerProcess, {fresh?: WorkerProcess; arrived: PromiseWithResolvers<void>}>();
    private readonly releases = new Map<number, (record: SessionRecord | null) => void>();
    private nextRequest = 0;

    constructor(private readonly workers: () => Iterable<WorkerProcess>) {}

    /** `old` is about to drain: its sessions go to `fresh` (none at a shutdown); claims wait for them. */
    handingOver(old: WorkerProcess, fresh?: WorkerProcess): void {
        const arrived = Promise.withResolvers<void>();
        this.drains.set(old, {fresh, arrived});
        setTimeout(arrived.resolve, WAIT_FOR_DRAIN_MS).unref();
    }

    /** A worker has exited: it holds nothing any more. */
    ended(worker: WorkerProcess): void {
        this.drains.get(worker)?.arrived.resolve();
        this.drains.delete(worker);
        for (const [id, holder] of this.holders) if (holder === worker) this.holders.delete(id);
    }

    /** A message from `worker`: its sessions, a claim, or the answer to a release. */
    fromWorker(worker: WorkerProcess, message: unknown): void {
        if (isMessage(message, "sessions") && Array.isArray(message.sessions)) this.arrived(worker, message.sessions.filter(isSessionRecord));
        else if (isMessage(message, "claim") && typeof message.id === "string") void this.claim(worker, message.request, message.id, message.place);
        else if (isMessage(message, "released")) {
            this.releases.get(message.request)?.(isSessionRecord(message.session) ? message.session : null);
            this.releases.delete(message.request);
        }
    }

    private arrived(worker: WorkerProcess, records: SessionRecord[]): void {
        const drain = this.drains.get(worker);
        const fresh = drain?.fresh && alive(drain.fresh) ? drain.fresh : undefined;
        const now = Date.now();
        const live = records.filter((record) => record.expiresAt > now);
        for (const record of live) this.holders.delete(record.id);
        if (fresh) {
            for (const record of live) this.holders.set(record.id, fresh);
            send(fresh, {type: "adopt", sessions: live});
        } else {
            for (const record of live) this.keep(record);
        }
        drain?.arrived.resolve();
    }

    private keep(record: SessionRecord): void {
        const now = Date.now();
        // Kept records mostly expire in the order they came: the oldest are swept as new ones arrive.
        for (const [id, old] of this.kept) {
            if (old.expiresAt > now) break;
            this.kept.delete(id);
        }
        this.kept.delete(record.id);
        this.kept.set(record.id, record);
        if (this.kept.size > MAX_KEPT) this.kept.delete(this.kept.keys().next().value!);
    }

    private async claim(worker: WorkerProcess, request: number, id: string, place: SessionPlace | undefined): Promise<void> {
        if (!this.kept.has(id) && !this.holders.has(id) && this.drains.size > 0) {
            await Promise.race([Promise.all([...this.drains.values()].map((drain) => drain.arrived.promise)), Bun.sleep(WAIT_FOR_DRAIN_MS)]);
        }
        let record = this.kept.get(id) ?? null;
        this.kept.delete(id);
        // A holder may be handing its sessions over as it is asked: then the session is on its way to
        // the fresh worker, which is asked next, once the draining one's sessions have arrived.
        for (let asked = 0; record === null && asked < 3; asked++) {
            const holder = this.holders.get(id);
            const draining = holder && this.drains.get(holder);
            if (draining) await Promise.race([draining.arrived.promise, Bun.sleep(WAIT_FOR_DRAIN_MS)]);
            const current = this.holders.get(id);
            // A session never handed over is held by the worker its client first reached: ask the others.
            // The claimer itself may be the holder, its adoption on the way: it finds the session once this answer comes.
            const askable = current ? [current] : [...this.workers()].filter((other) => alive(other) && other.ports.length > 0);
            record = await firstRecord(askable.filter((other) => other !== worker).map((other) => this.release(other, id)));
            if (record === null && this.holders.get(id) === current) break;
        }
        if (record !== null && (record.expiresAt <= Date.now() || (place && !samePlace(record, place)))) {
            // Never resumed on another website or route: it waits here for its own client.
            if (record.expiresAt > Date.now()) this.keep(record);
            record = null;
        }
        if (record !== null) this.holders.set(id, worker);
        else if (this.holders.get(id) !== worker) this.holders.delete(id);
        if (alive(worker)) send(worker, {type: "claimed", request, session: record});
    }

    private release(holder: WorkerProcess, id: string): Promise<SessionRecord | null> {
        const request = ++this.nextRequest;
        const answered = new Promise<SessionRecord | null>((resolve) => {
            this.releases.set(request, resolve);
            setTimeout(() => this.releases.delete(request) && resolve(null), RELEASE_TIMEOUT_MS).unref();
        });
        if (!alive(holder)) return Promise.resolve(null);
        send(holder, {type: "release", request, id});
        return answered;
    }
}

/** The first record among the answers, as soon as it comes; null once every answer is null. */
function firstRecord(answers: Promise<SessionRecord | null>[]): Promise<SessionRecord | null> {
    return new Promise((resolve) => {
        for (const answer of answers) void answer.then((record) => record && resolve(record));
        void Promise.all(answers).then(() => resolve(null));
    });
}

function alive(worker: WorkerProcess): boolean {
    return worker.child.exitCode === null && worker.child.signalCode === null;
}

function send(worker: WorkerProcess, message: SupervisorMessage): void {
    try {
        worker.child.send(message);
    } catch {
        // It exited meanwhile: what it was sent is lost with it, as its sessions are.
    }
}
