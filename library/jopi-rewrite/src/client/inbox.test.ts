import {describe, expect, test} from "bun:test";
import {ACK_EVERY_MESSAGES, ACK_EVERY_MS, Inbox} from "./inbox.ts";

// The delay an ack waits, shortened so that the file runs in a second; the default is ACK_EVERY_MS.
const DELAY_MS = 300;

describe("the client's receiving side", () => {
    test("each message is delivered once and in order: repeats are dropped, a gap is reported", () => {
        const inbox = new Inbox(() => {});
        expect([1, 2, 2, 1, 3, 5].map((seq) => inbox.receive(seq))).toEqual(["deliver", "deliver", "repeat", "repeat", "deliver", "gap"]);
        expect(inbox.seen).toBe(3);
        inbox.newSession();
        expect([inbox.seen, inbox.receive(1)]).toEqual([0, "deliver"]);
        inbox.disconnected();
    });

    test(`acks are grouped: one at once after ${ACK_EVERY_MESSAGES} messages, else one ${DELAY_MS} ms (${ACK_EVERY_MS} by default) after the first unacknowledged`, async () => {
        const acks: [number, number][] = [];
        const started = performance.now();
        const inbox = new Inbox((seq) => acks.push([seq, performance.now() - started]), DELAY_MS);
        for (let seq = 1; seq <= ACK_EVERY_MESSAGES + 3; seq++) inbox.receive(seq);
        expect(acks.map(([seq]) => seq)).toEqual([ACK_EVERY_MESSAGES]);
        await Bun.sleep(DELAY_MS / 2);
        expect(acks).toHaveLength(1);
        await Bun.sleep(DELAY_MS);
        expect(acks.map(([seq]) => seq)).toEqual([ACK_EVERY_MESSAGES, ACK_EVERY_MESSAGES + 3]);
        expect(acks[1]![1]).toBeGreaterThanOrEqual(DELAY_MS - 1);
        // Nothing new: no ack.
        inbox.flush();
        expect(acks).toHaveLength(2);
    });

    test("a lost connection sends no ack (the resume offer carries what was seen), and drops the pending one", async () => {
        const acks: number[] = [];
        const inbox = new Inbox((seq) => acks.push(seq), DELAY_MS);
        inbox.receive(1);
        inbox.disconnected();
        await Bun.sleep(DELAY_MS + 20);
        expect([acks, inbox.seen]).toEqual([[], 1]);
    });
});
