// What the clients of the sessions benchmark count, client by client: each message carries the
// number the server gave it and the time it was sent, so a client sees a gap (lost), a number
// it already had (duplicated), or one older than the last (out of order), and how late it came.
import type {SessionCounts} from "../src/components/charts/types.ts";

/** The time on this machine in ms, comparable between processes (epoch-based, sub-millisecond). */
export const now = () => performance.timeOrigin + performance.now();

/** A message body as the apps of this benchmark send it: `<number> <sent at>`. */
export function parseMessage(text: string): {n: number; sentAt: number} {
    const [n, sentAt] = text.split(" ");
    return {n: Number(n), sentAt: Number(sentAt)};
}

/** One client's sequence: what arrived, what never did, and every (re)connection. */
export class ClientTally {
    private seen = new Set<number>();
    private last = -1;
    received = 0;
    lost = 0;
    duplicated = 0;
    outOfOrder = 0;
    connections = 0;
    notRecovered = 0;
    lastAt = 0;
    /** Set by a reconnection to a new session, until its first message. */
    private fresh = false;

    constructor(private readonly all: RunTally) {}

    /** A (re)connection; `recovered` says whether the server gave the session back. */
    connected(recovered: boolean): void {
        if (this.connections++ === 0) return;
        this.all.reconnectsAt.push(now());
        if (recovered) return;
        this.notRecovered++;
        this.fresh = true;
    }

    /** A message numbered `n`; a sequence starts at its first message (a Socket.IO room may have been sent to before it joined). */
    receive(n: number, sentAt: number): void {
        const at = now();
        this.lastAt = at;
        // A new session that numbers from the start again (jopi-rewrite's is in the session's data;
        // Socket.IO's room number is in Redis and goes on): a new sequence, what the old one
        // missed is unknown, and counted as a session not recovered.
        if (this.fresh && n <= this.last) {
            this.seen.clear();
            this.last = -1;
        }
        this.fresh = false;
        if (this.seen.has(n)) {
            this.duplicated++;
            return;
        }
        this.seen.add(n);
        this.received++;
        this.all.delays.push(sentAt, at - sentAt);
        if (this.last < 0) this.last = n;
        else if (n > this.last) {
            this.lost += n - this.last - 1;
            this.last = n;
        } else {
            // It was counted lost when the gap opened: it arrived after all, late.
            this.outOfOrder++;
            this.lost--;
        }
    }
}

/** The clients of one kind (WebSockets or event streams) in one run. */
export class RunTally {
    readonly clients: ClientTally[] = [];
    /** Pairs: the time a message was sent, then its delay, flat to keep 100,000s of them cheap. */
    readonly delays: number[] = [];
    readonly reconnectsAt: number[] = [];

    /** Messages received so far, by every client of this kind. */
    received(): number {
        return this.clients.reduce((total, client) => total + client.received, 0);
    }

    client(): ClientTally {
        const client = new ClientTally(this);
        this.clients.push(client);
        return client;
    }

    /** The counts, with the p99 delay of the messages sent within `windows` ([start, end] pairs) and of all. */
    counts(windows: [number, number][]): SessionCounts {
        const sum = (key: "received" | "lost" | "duplicated" | "outOfOrder" | "notRecovered") => this.clients.reduce((total, client) => total + client[key], 0);
        const all: number[] = [];
        const during: number[] = [];
        for (let i = 0; i < this.delays.length; i += 2) {
            const sentAt = this.delays[i]!;
            all.push(this.delays[i + 1]!);
            if (windows.some(([start, end]) => sentAt >= start && sentAt <= end)) during.push(this.delays[i + 1]!);
        }
        const stalledSince = now() - 1000;
        return {
            clients: this.clients.length,
            received: sum("received"),
            lost: sum("lost"),
            duplicated: sum("duplicated"),
            outOfOrder: sum("outOfOrder"),
            reconnects: this.reconnectsAt.length,
            notRecovered: sum("notRecovered"),
            stalled: this.clients.filter((client) => client.lastAt < stalledSince).length,
            p99Ms: round(p99(all)),
            p99DuringRestartsMs: during.length ? round(p99(during)) : null,
            peakReconnectsPerSecond: peakPerSecond(this.reconnectsAt),
        };
    }
}

const round = (value: number) => Number(value.toFixed(1));

function p99(values: number[]): number {
    return values.sort((a, b) => a - b)[Math.floor(values.length * 0.99)] ?? NaN;
}

/** The most events within any 1 s. */
function peakPerSecond(times: number[]): number {
    const sorted = [...times].sort((a, b) => a - b);
    let peak = 0;
    for (let start = 0, end = 0; end < sorted.length; end++) {
        while (sorted[end]! - sorted[start]! >= 1000) start++;
        peak = Math.max(peak, end - start + 1);
    }
    return peak;
}
