import {SessionStore} from "./session-store.ts";
import {describeEnd, Refusal, StartFailure, WorkerProcess} from "./worker-process.ts";

export interface SupervisorOptions {
    app: string;
    /** Share ports already served by another app (`--join`) instead of refusing to start. */
    join: boolean;
    workers: number;
    startTimeoutMs: number;
    drainTimeoutMs: number;
    /** Attempts to start one worker before a restart is given up (or, at launch, the supervisor). */
    startAttempts: number;
    say: (line: string) => void;
}

// A crashed worker is replaced after this delay, doubled at each crash in a row up to the cap, and
// back to the start once a replacement has run this long: a worker that crashes at once cannot spin.
const FIRST_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 10_000;
const STABLE_AFTER_MS = 10_000;

/**
 * N workers of one app, each in its slot: started, replaced when they crash, restarted one at a time
 * (new one ready first, then the old one drains), drained together at shutdown.
 *
 * @example
 * const supervisor = new Supervisor({app: "app.ts", join: false, workers: 2, startTimeoutMs: 30_000, drainTimeoutMs: 10_000, startAttempts: 3, say: console.log});
 * await supervisor.start();
 * process.on("SIGHUP", () => supervisor.restart());
 * @see https://jopi-rewrite.dev/docs/production
 */
export class Supervisor {
    private readonly slots: (WorkerProcess | undefined)[];
    /** Every worker not yet exited, in a slot or still starting: what a shutdown drains. */
    private readonly live = new Set<WorkerProcess>();
    private spawned = 0;
    private stopping = false;
    private started = false;
    private restarting: Promise<boolean> | undefined;
    private backoffMs = FIRST_BACKOFF_MS;
    /** The resumable sessions, handed from each draining worker to the fresh one of its slot. */
    private readonly sessions = new SessionStore(() => this.live);

    constructor(private readonly options: SupervisorOptions) {
        this.slots = Array.from({length: options.workers});
    }

    /**
     * Starts every worker; throws the StartFailure of one that cannot start, or the Refusal of one
     * whose port another app serves (the others are stopped).
     */
    async start(): Promise<void> {
        try {
            for (let slot = 0; slot < this.slots.length; slot++) this.adopt(slot, await this.startWorker());
        } catch (error) {
            await this.stop();
            throw error;
        }
        this.started = true;
        const ports = this.slots[0]!.ports.join(", ");
        this.options.say(`jopi-rewrite: ${this.slots.length} worker(s) of ${this.options.app} answer on port ${ports}; send SIGHUP or run \`jopi-rewrite restart\` to restart them one by one.`);
    }

    /**
     * Replaces the workers one at a time, each new one ready before the old one drains. Resolves
     * false if a new worker could not start: the restart stops there and the old workers keep serving.
     */
    restart(): Promise<boolean> {
        if (!this.started) {
            this.options.say("jopi-rewrite: the workers are still starting; restart ignored.");
            return Promise.resolve(false);
        }
        this.restarting ??= this.rollingRestart().finally(() => (this.restarting = undefined));
        return this.restarting;
    }

    private async rollingRestart(): Promise<boolean> {
        this.options.say(`jopi-rewrite: rolling restart of ${this.slots.length} worker(s).`);
        for (let slot = 0; slot < this.slots.length && !this.stopping; slot++) {
            let fresh: WorkerProcess;
            try {
                fresh = await this.startWorker();
            } catch (error) {
                if (!(error instanceof StartFailure)) throw error;
                this.options.say(`jopi-rewrite: restart aborted: ${error.message}. The workers not restarted yet keep serving. Its last lines:\n${error.lastLines.map((line) => `    ${line}`).join("\n")}`);
                return false;
            }
            const old = this.slots[slot];
            this.adopt(slot, fresh);
            if (old) {
                this.options.say(`jopi-rewrite: ${fresh.name} is ready on port ${fresh.ports.join(", ")}; ${old.name} drains.`);
                this.sessions.handingOver(old, fresh);
                await old.drain();
            }
        }
        if (this.stopping) return false;
        this.options.say(`jopi-rewrite: rolling restart done.`);
        return true;
    }

    /** Drains every worker at once and resolves when all have exited. */
    async stop(): Promise<void> {
        this.stopping = true;
        for (const worker of this.live) this.sessions.handingOver(worker);
        await Promise.all([...this.live].map((worker) => worker.drain()));
    }

    private async startWorker(): Promise<WorkerProcess> {
        for (let attempt = 1; ; attempt++) {
            const worker = new WorkerProcess({...this.options, name: `worker ${++this.spawned}`, onMessage: (from, message) => this.sessions.fromWorker(from, message)});
            this.live.add(worker);
            void worker.ended.then(() => {
                this.live.delete(worker);
                this.sessions.ended(worker);
            });
            try {
                await worker.ready();
                return worker;
            } catch (error) {
                if (!(error instanceof StartFailure) || error instanceof Refusal || attempt >= this.options.startAttempts || this.stopping) throw error;
                const delay = FIRST_BACKOFF_MS * 2 ** (attempt - 1);
                this.options.say(`jopi-rewrite: ${error.message}; trying again in ${delay} ms (attempt ${attempt + 1} of ${this.options.startAttempts}).`);
                await Bun.sleep(delay);
            }
        }
    }

    /** Puts `worker` in `slot` and replaces it, with backoff, if it exits without being asked to. */
    private adopt(slot: number, worker: WorkerProcess): void {
        this.slots[slot] = worker;
        const startedAt = performance.now();
        void worker.ended.then((end) => {
            if (worker.draining || this.stopping || this.slots[slot] !== worker) return;
            this.slots[slot] = undefined;
            if (performance.now() - startedAt > STABLE_AFTER_MS) this.backoffMs = FIRST_BACKOFF_MS;
            return this.replace(slot, `${worker.name} ${end.code === 0 ? "exited" : "crashed"} (${describeEnd(end)})`);
        });
    }

    private async replace(slot: number, why: string): Promise<void> {
        while (!this.stopping) {
            const delay = this.backoffMs;
            this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
            this.options.say(`jopi-rewrite: ${why}; replacing it in ${delay} ms.`);
            await Bun.sleep(delay);
            if (this.stopping || this.slots[slot]) return; // A rolling restart filled the slot meanwhile.
            try {
                const fresh = await this.startWorker();
                if (this.slots[slot]) return void (await fresh.drain());
                this.adopt(slot, fresh);
                this.options.say(`jopi-rewrite: ${fresh.name} is ready on port ${fresh.ports.join(", ")}.`);
                return;
            } catch (error) {
                why = `its replacement failed: ${(error as Error).message}`;
            }
        }
    }
}
