// What the sessions benchmark reports rests on these counts: each kind of fault a client can see
// must land in its own column, and a fault must never hide another.
import {expect, test} from "bun:test";
import {now, RunTally} from "./sessions-tally.ts";

function clientOf() {
    const run = new RunTally();
    const client = run.client();
    client.connected(false);
    return {run, client, receive: (...numbers: number[]) => numbers.forEach((n) => client.receive(n, now()))};
}

test("a gap is lost, a late message is out of order and no longer lost, a repeat is duplicated", () => {
    const {run, receive} = clientOf();
    receive(1, 2, 4, 5, 3, 5, 8);
    const counts = run.counts([]);
    expect(counts).toMatchObject({received: 6, lost: 2, duplicated: 1, outOfOrder: 1, reconnects: 0, notRecovered: 0});
});

test("a recovered session continues its sequence: what it missed while away is counted", () => {
    const {run, client, receive} = clientOf();
    receive(1, 2, 3);
    client.connected(true);
    receive(6, 7);
    expect(run.counts([])).toMatchObject({received: 5, lost: 2, duplicated: 0, reconnects: 1, notRecovered: 0});
});

test("a new session numbering from the start again is a new sequence, not duplicates; one that goes on keeps counting gaps", () => {
    const {run, client, receive} = clientOf();
    receive(1, 2, 3);
    client.connected(false);
    receive(1, 2);
    client.connected(false);
    receive(5);
    expect(run.counts([])).toMatchObject({received: 6, lost: 2, duplicated: 0, outOfOrder: 0, reconnects: 2, notRecovered: 2});
});

test("the p99 during restarts reads only messages sent within a restart; the peak counts reconnections within 1 s", () => {
    const run = new RunTally();
    const client = run.client();
    client.connected(false);
    const start = now();
    client.receive(1, start - 1000); // sent before the restart, 1 s late
    client.receive(2, now() - 5); // sent during it
    for (let i = 0; i < 3; i++) client.connected(true);
    const counts = run.counts([[start - 100, now()]]);
    expect(counts.p99DuringRestartsMs).toBeLessThan(500);
    expect(counts.p99Ms).toBeGreaterThan(900);
    expect(counts.peakReconnectsPerSecond).toBe(3);
    expect(run.counts([]).p99DuringRestartsMs).toBeNull();
});
