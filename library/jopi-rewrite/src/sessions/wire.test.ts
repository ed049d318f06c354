import {describe, expect, test} from "bun:test";
import {decodeFrame, encodeAck, encodeHello, encodeMessage, isSessionId, newSessionId, parseOffer, RESUME_PROTOCOL, resumeProtocolOf} from "./wire.ts";

describe("the session wire", () => {
    test("a new session id is 22 base64url characters, different each time", () => {
        const ids = new Set(Array.from({length: 1000}, newSessionId));
        expect(ids.size).toBe(1000);
        for (const id of ids) expect(isSessionId(id)).toBe(true);
    });

    test("the offer: none, new, resume; a malformed resume asks for a new session and is never looked up", () => {
        const id = newSessionId();
        expect(parseOffer(null)).toEqual({session: false});
        expect(parseOffer("chat.v2")).toEqual({session: false});
        expect(parseOffer(RESUME_PROTOCOL)).toEqual({session: true});
        expect(parseOffer(`${RESUME_PROTOCOL}, ${resumeProtocolOf(id, 41)}`)).toEqual({session: true, resume: {id, seen: 41}});
        for (const bad of ["jopi-session.short.1", `jopi-session.${id}.-1`, `jopi-session.${id}.01`, `jopi-session.${id}.1e3`, `jopi-session.${id}`, `jopi-session.${id}.99999999999999999`]) {
            expect(parseOffer(`${RESUME_PROTOCOL}, ${bad}`)).toEqual({session: true});
        }
    });

    test("frames read back as written: text, bytes, acks, hello", () => {
        const id = newSessionId();
        expect(decodeFrame(encodeMessage(7, "a:b\nc") as string)).toEqual({kind: "message", seq: 7, data: "a:b\nc"});
        const bytes = decodeFrame(encodeMessage(2 ** 40, new Uint8Array([1, 2, 3])));
        expect(bytes?.kind === "message" && [bytes.seq, [...(bytes.data as Uint8Array)]]).toEqual([2 ** 40, [1, 2, 3]]);
        expect(decodeFrame(encodeAck(12))).toEqual({kind: "ack", seq: 12});
        expect(decodeFrame(encodeHello(id, true, 3))).toEqual({kind: "hello", session: id, recovered: true, ack: 3});
        expect(decodeFrame(encodeHello(id, false, 0, 40))).toEqual({kind: "hello", session: id, recovered: false, ack: 0, window: 40});
        for (const window of [0, -1, 1.5, "40"]) expect(decodeFrame(`h${JSON.stringify({session: id, recovered: true, ack: 0, window})}`)).toBeUndefined();
    });

    test("what is not a frame is undefined, never a throw", () => {
        for (const bad of ["", "x", "m:", "m-1:x", "mabc:x", "a", "a1.5", "h{", "h{}", `h{"session":"x","recovered":true,"ack":1}`, "hnull"]) {
            expect(decodeFrame(bad)).toBeUndefined();
        }
        expect(decodeFrame(new Uint8Array(3))).toBeUndefined();
        const nan = new Uint8Array(9);
        new DataView(nan.buffer).setFloat64(0, NaN);
        expect(decodeFrame(nan)).toBeUndefined();
    });
});
