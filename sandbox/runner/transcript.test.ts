import {describe, expect, test} from "bun:test";
import {formatDiff} from "./diff.ts";
import {Transcript} from "./transcript.ts";

describe("Transcript", () => {
    test("normalises, then numbers distinct values in order of appearance", () => {
        const t = new Transcript();
        t.add("[stdout] Website started: http://127.0.0.1:41234");
        t.add("[stdout] Timer 93\n[stdout] Timer 7");
        t.add("[stdout] Timer 93");
        t.normalize(/\b41234\b/, "<port>");
        t.label(/^\[stdout\] Timer (\d+)$/, "random");
        expect(t.text()).toBe("[stdout] Website started: http://127.0.0.1:<port>\n[stdout] Timer <random 1>\n[stdout] Timer <random 2>\n[stdout] Timer <random 1>\n");
    });

    test("a label without a group replaces the whole match", () => {
        const t = new Transcript();
        t.add("< 2026-01-02 and 2026-01-03 and 2026-01-02");
        t.label(/\d{4}-\d{2}-\d{2}/, "date");
        expect(t.normalized()).toEqual(["< <date 1> and <date 2> and <date 1>"]);
    });
});

describe("formatDiff", () => {
    test("shows the changed lines with a little context, and nothing for equal texts", () => {
        expect(formatDiff("a\nb\nc", "a\nb\nc")).toBe("");
        expect(formatDiff("Is request #2", "Is request #0")).toBe("- Is request #2\n+ Is request #0");
        const before = ["1", "2", "3", "4", "5", "6", "7", "8"].join("\n");
        expect(formatDiff(before, before.replace("7", "seven"))).toBe("  ...\n  5\n  6\n- 7\n+ seven\n  8");
    });
});
