import {describe, expect, test} from "bun:test";
import {isSessionRecord, type SessionRecord} from "./record.ts";
import {newSessionId} from "./wire.ts";

const good = (): SessionRecord => ({
    kind: "websocket", id: newSessionId(), hostname: "127.0.0.1", port: 3000, pattern: "/chat/:room", path: "/chat/lobby",
    params: {room: "lobby"}, data: {name: "ada"}, topics: ["lobby"], outbox: [{seq: 4, text: "hi"}, {seq: 5, base64: "AQI="}],
    nextSeq: 6, received: 2, expiresAt: Date.now() + 60_000,
});

describe("session records arriving over IPC", () => {
    test("a record of the right shape is taken", () => {
        expect(isSessionRecord(good())).toBe(true);
        expect(isSessionRecord(JSON.parse(JSON.stringify(good())))).toBe(true);
    });

    test("anything else is refused before it is revived: bad ids, numbers, names, outbox entries", () => {
        const bad: Partial<Record<keyof SessionRecord, unknown>>[] = [
            {kind: "socket"}, {id: "../../etc"}, {id: 42}, {port: 0}, {port: 70_000}, {port: "3000"},
            {hostname: "x".repeat(5000)}, {params: {room: 1}}, {params: null}, {topics: "lobby"}, {topics: [1]},
            {outbox: [{seq: 5, text: "a"}, {seq: 4, text: "b"}]}, {outbox: [{seq: 9, text: "past nextSeq"}]},
            {outbox: [{seq: 3, text: "a"}, {seq: 5, text: "a gap"}]}, {outbox: [{seq: 4, text: "not the last one sent"}]},
            {outbox: [{seq: 4, text: "a", base64: "AQI="}]}, {outbox: [{seq: 4}]}, {outbox: [{seq: -1, text: "a"}]},
            {nextSeq: 1.5}, {received: -1}, {expiresAt: "soon"},
        ];
        for (const change of bad) expect({change, taken: isSessionRecord({...good(), ...change})}).toEqual({change, taken: false});
        for (const value of [null, undefined, "record", 42, []]) expect(isSessionRecord(value)).toBe(false);
    });
});
