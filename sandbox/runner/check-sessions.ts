/**
 * The part of the check harness for connections that outlive a restart: a WebSocket opened with
 * the real `ResumableWebSocket` (`h.socket(path, name, {resume: true})`) and an event stream read
 * as a browser's EventSource reads it (`h.eventStream(path, name, {reconnect: true})`), with
 * claims about what came back: the same session, every message once, in order.
 * @module
 */
import type {Ending, SocketClient} from "hot-harness/socket-client";
import type {ReconnectingStream} from "hot-harness/reconnecting-stream";
import {CheckSocket, CheckStream, type ConnectionSteps} from "./check-connections.ts";
import {sleep} from "./check-runtime.ts";

/** What a resumable socket's client tells of its session (a ResumableWebSocket has these). */
interface SessionClient {
    readonly readyState: number;
    readonly recovered: boolean;
    readonly sessionId: string | undefined;
    addEventListener(type: "open", listener: () => void): void;
}

/** The ends of a resumable socket's connections, heard before its client reacts to them. */
export class Losses {
    readonly ends: Ending[] = [];
    /** Bumped at each loss and each (re)open, so that "back since the last loss" can be told. */
    tick = 0;
    lastLoss = -1;
    private waiting: (() => void)[] = [];

    /** For the runtime's `onLost`: records the end, and wakes who waits for it once the client has seen it too. */
    readonly onLost = (code: number, reason: string): void => {
        this.ends.push({code, reason});
        this.lastLoss = ++this.tick;
        const waiting = this.waiting.splice(0);
        setTimeout(() => waiting.forEach((wake) => wake()), 0);
    };

    /** Resolves when the loss number `count` (from 1) has happened. */
    async reach(count: number, ms: number): Promise<boolean> {
        const deadline = Date.now() + ms;
        while (this.ends.length < count) {
            if (Date.now() > deadline) return false;
            await Promise.race([new Promise<void>((wake) => this.waiting.push(wake)), sleep(Math.max(0, deadline - Date.now()))]);
        }
        return true;
    }
}

/** A check's ResumableWebSocket: the CheckSocket steps, plus its losses and its session. */
export class SessionSocket extends CheckSocket {
    private readonly session: SessionClient;
    private readonly firstSession: string | undefined;
    private lastOpen: number;
    private awaySeen = 0;

    constructor(steps: ConnectionSteps, name: string, client: SocketClient, private readonly losses: Losses) {
        super(steps, name, client);
        this.session = client.socket as unknown as SessionClient;
        this.firstSession = this.session.sessionId;
        this.lastOpen = ++losses.tick;
        this.session.addEventListener("open", () => (this.lastOpen = ++losses.tick));
    }

    /** Sends now, or, while the client is away, queues it in the client: the transcript says which. */
    override send(text: string): void {
        if (this.session.readyState === 1) return super.send(text);
        this.steps.begin(`send ${JSON.stringify(text)} on ${this.name} while away`);
        this.steps.note(`[${this.name}] > ${text}   (away: the client queues it)`);
        this.client.send(text);
    }

    /** Waits for the server to end this client's next connection (a restart), and claims the client is away, coming back. */
    async expectAway(): Promise<void> {
        this.steps.begin(`wait for ${this.name}'s connection to end`);
        const count = ++this.awaySeen;
        if (!(await this.losses.reach(count, this.steps.waitMs * 2))) this.steps.fail(`${this.name}'s connection did not end within ${this.steps.waitMs * 2} ms`, "a closed connection", "still connected");
        const {code, reason} = this.losses.ends[count - 1]!;
        if (this.session.readyState === 1) this.steps.fail(`${this.name} was already back when its loss was seen`, "away", "open");
        this.steps.note(`[${this.name}] connection closed by the server: ${code} ${reason}; the client is away and comes back by itself`.replace(" ;", ";"));
    }

    /** Waits until the client is connected again after its last lost connection, and claims it got its session back. */
    async expectRecovered(): Promise<void> {
        const claim = `${this.name}: back, with its session (recovered true, the same session id)`;
        this.steps.begin(claim);
        const deadline = Date.now() + this.steps.waitMs * 2;
        while (!(this.losses.lastLoss > 0 && this.lastOpen > this.losses.lastLoss && this.session.readyState === 1)) {
            if (Date.now() > deadline) this.steps.fail(`${claim}: not back within ${this.steps.waitMs * 2} ms`, "reconnected", this.losses.lastLoss < 0 ? "never disconnected" : `readyState ${this.session.readyState}`);
            await sleep(10);
        }
        const same = this.session.sessionId === this.firstSession;
        if (!this.session.recovered || !same) this.steps.fail(`${claim}: not so`, "recovered true, the same session", `recovered ${this.session.recovered}, ${same ? "the same" : "another"} session`);
        this.steps.note(`= ${claim}`);
    }
}

/** A check's event stream read as EventSource reads it: the CheckStream steps, plus claims about its reconnections. */
export class FollowedStream extends CheckStream {
    constructor(steps: ConnectionSteps, name: string, private readonly reader: ReconnectingStream) {
        super(steps, name, reader, () => reader.reconnects > 0 || reader.connection?.finished === true);
    }

    /** Claims the `message` events so far carry 1, 2, 3... each once, in order: none missed, none repeated. */
    expectNumbered(): void {
        const claim = `${this.name}: every number from 1 on, once and in order (none missed, none repeated)`;
        this.steps.begin(claim);
        const numbers = this.reader.received.filter((event) => event.event === "message").map((event) => Number(event.data));
        const wrong = numbers.findIndex((n, i) => n !== i + 1);
        if (numbers.length === 0 || wrong >= 0) this.steps.fail(`${claim}: not so`, wrong < 0 ? "some numbers" : `${wrong + 1} at place ${wrong + 1}`, numbers.slice(Math.max(0, wrong - 3), wrong + 4).join(", "));
        this.steps.note(`= ${claim}`);
    }

    /** Waits for the reader to have reconnected (with Last-Event-ID) and claims every event since kept the first session's ids. */
    async expectResumed(): Promise<void> {
        const claim = `${this.name}: reconnected with Last-Event-ID, and the same session went on (every id <session>.<n> of the first session)`;
        this.steps.begin(claim);
        const deadline = Date.now() + this.steps.waitMs * 2;
        // Back, and an event read on the new connection: its id tells which session answered.
        while (this.reader.reconnects === 0 || this.reader.connection!.received.length === 0) {
            if (Date.now() > deadline) this.steps.fail(`${claim}: no event after a reconnection within ${this.steps.waitMs * 2} ms`, "a reconnection and an event on it", this.reader.reconnects === 0 ? "the first response still open" : "no event since");
            await sleep(10);
        }
        const ids = this.reader.received.map((event) => event.id);
        const sessions = new Set(ids.map((id) => id.split(".")[0]));
        if (ids.includes("")) this.steps.fail(`${claim}: not so`, "ids <session>.<n>", "events without an id: is the stream's resume option set?");
        if (sessions.size !== 1) this.steps.fail(`${claim}: not so`, "one session", `${sessions.size} sessions: ${[...sessions].join(", ")}`);
        this.steps.note(`= ${claim}`);
    }
}
