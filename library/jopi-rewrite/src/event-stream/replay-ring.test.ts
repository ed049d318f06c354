import {describe, expect, test} from "bun:test";
import {ReplayRing} from "./replay-ring.ts";

const text = (events: Uint8Array[] | undefined) => events?.map((bytes) => new TextDecoder().decode(bytes));
const utf8 = (event: string) => new TextEncoder().encode(event);

describe("the replay ring of an event stream", () => {
    test("keeps the last events within maxOutboxMessages; a replay from before what it forgot is refused", () => {
        const ring = new ReplayRing({maxOutboxMessages: 3, maxOutboxBytes: 100});
        for (let seq = 1; seq <= 5; seq++) expect(ring.push(seq, utf8(`e${seq}`))).toBe(true);
        expect(text(ring.after(2))).toEqual(["e3", "e4", "e5"]);
        expect(text(ring.after(4))).toEqual(["e5"]);
        expect([ring.covers(2), ring.covers(1), ring.after(1)]).toEqual([true, false, undefined]);
    });

    test("counts UTF-8 bytes against maxOutboxBytes; an event bigger than it forgets everything", () => {
        const ring = new ReplayRing({maxOutboxMessages: 100, maxOutboxBytes: 6});
        expect([ring.push(1, utf8("éa")), ring.push(2, utf8("bc")), ring.push(3, utf8("d"))]).toEqual([true, true, true]);
        expect([ring.bytes, text(ring.after(0))]).toEqual([6, ["éa", "bc", "d"]]);
        expect(ring.push(4, utf8("ef"))).toBe(true);
        expect([ring.bytes, text(ring.after(1))]).toEqual([5, ["bc", "d", "ef"]]);
        expect(ring.after(0)).toBeUndefined();
        expect(ring.push(5, utf8("x".repeat(7)))).toBe(false);
        expect([ring.count, ring.covers(4), ring.covers(5)]).toEqual([0, false, true]);
    });

    test("an event over maxOutboxBytes (an entry read back from a store, say) is refused before the ring makes room for it", () => {
        const ring = new ReplayRing({maxOutboxMessages: 10, maxOutboxBytes: 100});
        expect(ring.push(1, new Uint8Array(10_000_000))).toBe(false);
        expect((ring as unknown as {buffer: Uint8Array}).buffer.length).toBeLessThanOrEqual(4096);
    });

    test("keeps a copy of the bytes a stream has sent: changing them afterwards changes no replay", () => {
        const ring = new ReplayRing({maxOutboxMessages: 10, maxOutboxBytes: 100});
        const sent = utf8("id: a.1\ndata: é\n\n");
        expect(ring.push(1, sent)).toBe(true);
        sent.fill(0);
        expect([ring.bytes, text(ring.after(0))]).toEqual([18, ["id: a.1\ndata: é\n\n"]]);
    });

    test("travels as text entries and comes back the same; bytes or an entry past the limits do not", () => {
        const ring = new ReplayRing({maxOutboxMessages: 10, maxOutboxBytes: 100});
        ring.push(7, utf8("id: a.7\ndata: é\n\n"));
        ring.push(8, utf8("id: a.8\ndata: x\n\n"));
        const entries = ring.toEntries();
        expect(entries).toEqual([{seq: 7, text: "id: a.7\ndata: é\n\n"}, {seq: 8, text: "id: a.8\ndata: x\n\n"}]);
        const back = ReplayRing.fromEntries(entries, {maxOutboxMessages: 10, maxOutboxBytes: 100}, 6)!;
        expect([text(back.after(6)), back.covers(5)]).toEqual([["id: a.7\ndata: é\n\n", "id: a.8\ndata: x\n\n"], false]);
        expect(ReplayRing.fromEntries([{seq: 1, base64: "AQ=="}], {maxOutboxMessages: 10, maxOutboxBytes: 100}, 0)).toBeUndefined();
        expect(ReplayRing.fromEntries(entries, {maxOutboxMessages: 10, maxOutboxBytes: 10}, 6)).toBeUndefined();
    });

    test("memory stays bounded over many events: the buffer and the slots grow to what is kept, not to what went through", () => {
        const ring = new ReplayRing({maxOutboxMessages: 100, maxOutboxBytes: 1_000_000});
        for (let seq = 1; seq <= 100_000; seq++) ring.push(seq, utf8(`id: s.${seq}\ndata: ${"x".repeat(seq % 50)}\n\n`));
        expect(ring.count).toBe(100);
        expect(text(ring.after(99_999))).toEqual([`id: s.100000\ndata: ${"x".repeat(0)}\n\n`]);
        const inside = ring as unknown as {buffer: Uint8Array; seqs: unknown[]};
        expect(inside.seqs.length).toBeLessThanOrEqual(128);
        expect(inside.buffer.length).toBeLessThanOrEqual(16_384);
    });
});
