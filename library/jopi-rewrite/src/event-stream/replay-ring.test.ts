import {describe, expect, test} from "bun:test";
import {idField, WireEvent} from "./channel.ts";
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

    test("memory stays bounded over many events: the buffer grows to what is kept, not to what went through", () => {
        const ring = new ReplayRing({maxOutboxMessages: 100, maxOutboxBytes: 1_000_000});
        for (let seq = 1; seq <= 100_000; seq++) ring.push(seq, utf8(`id: s.${seq}\ndata: ${"x".repeat(seq % 50)}\n\n`));
        expect(ring.count).toBe(100);
        expect(text(ring.after(99_999))).toEqual([`id: s.100000\ndata: ${"x".repeat(0)}\n\n`]);
        expect((ring as unknown as {buffer: Uint8Array}).buffer.length).toBeLessThanOrEqual(16_384);
    });

    test("a client coming back with lower limits bounds what is kept from then on", () => {
        const ring = new ReplayRing({maxOutboxMessages: 10, maxOutboxBytes: 100});
        for (let seq = 1; seq <= 5; seq++) ring.push(seq, utf8(`e${seq}`));
        ring.limit({maxOutboxMessages: 2, maxOutboxBytes: 100});
        ring.push(6, utf8("e6"));
        expect([ring.count, text(ring.after(4)), ring.covers(3)]).toEqual([2, ["e5", "e6"], false]);
    });

    test("keep numbers an event for its session: what is sent and what is replayed are the bytes of numbered()", () => {
        const ring = new ReplayRing({maxOutboxMessages: 10, maxOutboxBytes: 1000});
        const [tick, field] = [new WireEvent({event: "tick", data: "é\nx"}), idField("s")];
        const sent = [ring.keep(9, tick, field), ring.keep(10, tick, field)];
        expect(text(sent)).toEqual(["event: tick\nid: s.9\ndata: é\ndata: x\n\n", "event: tick\nid: s.10\ndata: é\ndata: x\n\n"]);
        expect([sent[1], text(ring.after(8)), ring.bytes]).toEqual([tick.numbered(field, 10), text(sent), 77]);
    });

    test("keep sends an event over maxOutboxBytes, and keeps nothing", () => {
        const ring = new ReplayRing({maxOutboxMessages: 10, maxOutboxBytes: 150});
        const field = idField("s");
        const long = ring.keep(11, new WireEvent("x".repeat(40)), field);
        expect([ring.count, text(ring.after(10))]).toEqual([1, text([long])]);
        // Over the limit: sent, not kept, and nothing before it can be replayed.
        expect(text([ring.keep(12, new WireEvent("x".repeat(200)), field)])).toEqual([`id: s.12\ndata: ${"x".repeat(200)}\n\n`]);
        expect([ring.count, ring.covers(11), ring.covers(12)]).toEqual([0, false, true]);
    });
});
