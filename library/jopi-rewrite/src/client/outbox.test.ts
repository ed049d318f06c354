import {describe, expect, test} from "bun:test";
import {decodeFrame} from "../sessions/wire.ts";
import {Outbox} from "./outbox.ts";

const WHERE = "ws://127.0.0.1:3000/chat";

function seqs(outbox: Outbox): number[] {
    return outbox.frames().map((frame) => (decodeFrame(frame) as {seq: number}).seq);
}

describe("the client's send queue", () => {
    test("messages are numbered from 1, kept until acknowledged, and counted in bytes (UTF-8)", () => {
        const outbox = new Outbox(10, 1000, WHERE);
        expect(outbox.add("hé")).toBe("m1:hé");
        expect(decodeFrame(outbox.add(new Uint8Array([1, 2, 3])))).toEqual({kind: "message", seq: 2, data: new Uint8Array([1, 2, 3])});
        outbox.add("c");
        expect([outbox.size, outbox.bytes]).toEqual([3, 3 + 3 + 1]);
        outbox.acknowledge(2);
        expect([seqs(outbox), outbox.bytes]).toEqual([[3], 1]);
        outbox.acknowledge(2);
        outbox.acknowledge(99);
        expect([outbox.size, outbox.bytes]).toEqual([0, 0]);
        expect(outbox.add("d")).toBe("m4:d");
    });

    test("bytes are copied: a buffer the app reuses after send is sent again as it was", () => {
        const outbox = new Outbox(10, 1000, WHERE);
        const buffer = new Uint8Array([7, 7]);
        outbox.add(buffer.buffer);
        buffer[0] = 0;
        expect([...(decodeFrame(outbox.frames()[0]!) as {data: Uint8Array}).data]).toEqual([7, 7]);
        expect(() => outbox.add(new Blob(["x"]) as never)).toThrow("send a Blob as await blob.arrayBuffer()");
    });

    test("a new session gets what was never acknowledged, numbered from 1 in the same order", () => {
        const outbox = new Outbox(10, 1000, WHERE);
        for (const text of ["a", "b", "c", "d"]) outbox.add(text);
        outbox.acknowledge(2);
        outbox.renumber();
        expect(outbox.frames()).toEqual(["m1:c", "m2:d"]);
        expect(outbox.add("e")).toBe("m3:e");
    });

    test("the queue is bounded in messages and in bytes; a send past a bound throws and keeps nothing", () => {
        const byCount = new Outbox(2, 1000, WHERE);
        byCount.add("a");
        byCount.add("b");
        expect(() => byCount.add("c")).toThrow(`jopi-rewrite: the send queue of the ResumableWebSocket to ${WHERE} is full: 2 messages (maxQueuedMessages) not yet acknowledged by the server. Wait until bufferedAmount falls, or raise the bound.`);
        byCount.acknowledge(1);
        expect(byCount.add("c")).toBe("m3:c");

        const byBytes = new Outbox(100, 10, WHERE);
        byBytes.add("12345678");
        expect(() => byBytes.add("123")).toThrow("10 bytes (maxQueuedBytes)");
        expect([byBytes.size, byBytes.bytes]).toEqual([1, 8]);
        expect(byBytes.add("12")).toBe("m2:12");
    });
});
