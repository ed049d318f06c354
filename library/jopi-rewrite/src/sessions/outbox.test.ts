import {describe, expect, test} from "bun:test";
import {Outbox} from "./outbox.ts";

describe("the outbox", () => {
    test("keeps messages until acknowledged and replays those after what the client has seen", () => {
        const outbox = new Outbox({maxOutboxMessages: 10, maxOutboxBytes: 100});
        for (let seq = 1; seq <= 5; seq++) expect(outbox.push(seq, `m${seq}`)).toBe(true);
        outbox.ackUpTo(2);
        expect([outbox.count, outbox.bytes]).toEqual([3, 6]);
        expect(outbox.after(3)!.map((one) => one.seq)).toEqual([4, 5]);
        expect(outbox.after(0)!.map((one) => one.seq)).toEqual([3, 4, 5]);
    });

    test("a full outbox refuses, by count and by bytes (text by its length)", () => {
        const byCount = new Outbox({maxOutboxMessages: 2, maxOutboxBytes: 100});
        expect([byCount.push(1, "a"), byCount.push(2, "b"), byCount.push(3, "c")]).toEqual([true, true, false]);
        const byBytes = new Outbox({maxOutboxMessages: 100, maxOutboxBytes: 4});
        expect([byBytes.push(1, "éa"), byBytes.push(2, new Uint8Array(2)), byBytes.push(3, "x")]).toEqual([true, true, false]);
        expect(byBytes.bytes).toBe(4);
    });

    test("travels as entries (bytes in base64) and comes back the same; a record past the limits does not", () => {
        const outbox = new Outbox({maxOutboxMessages: 10, maxOutboxBytes: 100});
        outbox.push(7, "text");
        outbox.push(8, new Uint8Array([1, 2, 255]));
        const entries = outbox.toEntries();
        expect(entries).toEqual([{seq: 7, text: "text"}, {seq: 8, base64: "AQL/"}]);
        const back = Outbox.fromEntries(entries, {maxOutboxMessages: 10, maxOutboxBytes: 100})!;
        expect(back.after(0)).toEqual([{seq: 7, data: "text", bytes: 4}, {seq: 8, data: new Uint8Array([1, 2, 255]), bytes: 3}]);
        expect(Outbox.fromEntries(entries, {maxOutboxMessages: 1, maxOutboxBytes: 100})).toBeUndefined();
    });

    test("memory stays bounded over many pushes and acks", () => {
        const outbox = new Outbox({maxOutboxMessages: 100, maxOutboxBytes: 10_000});
        for (let seq = 1; seq <= 100_000; seq++) {
            outbox.push(seq, "x");
            if (seq % 10 === 0) outbox.ackUpTo(seq - 5);
        }
        expect(outbox.count).toBe(5);
        // The ring grows to hold what is kept at once (at most 15 here), never to what went through it.
        expect((outbox as unknown as {slots: unknown[]}).slots.length).toBeLessThanOrEqual(32);
    });
});
