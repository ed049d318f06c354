/**
 * A small line diff, for the two places the runner must show what changed: an expectation
 * (expected vs actual) and a transcript (committed vs new).
 * @module
 */

/** One line of a diff: kept (" "), only in the first text ("-"), only in the second ("+"). */
export interface DiffLine {
    op: " " | "-" | "+";
    text: string;
}

/** The lines of `before` and `after`, aligned on their longest common subsequence. */
export function diffLines(before: string[], after: string[]): DiffLine[] {
    const n = before.length;
    const m = after.length;
    // common[i][j]: length of the longest common subsequence of before[i..] and after[j..].
    const common = Array.from({length: n + 1}, () => new Array<number>(m + 1).fill(0));
    for (let i = n - 1; i >= 0; i--) {
        for (let j = m - 1; j >= 0; j--) {
            common[i]![j] = before[i] === after[j] ? common[i + 1]![j + 1]! + 1 : Math.max(common[i + 1]![j]!, common[i]![j + 1]!);
        }
    }
    const out: DiffLine[] = [];
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && before[i] === after[j]) {
            out.push({op: " ", text: before[i++]!});
            j++;
        } else if (i < n && (j === m || common[i + 1]![j]! >= common[i]![j + 1]!)) {
            out.push({op: "-", text: before[i++]!});
        } else {
            out.push({op: "+", text: after[j++]!});
        }
    }
    return out;
}

/**
 * The diff as text, changed lines with `context` unchanged lines around them; the rest is
 * folded into "...". Empty when the texts are equal.
 *
 * @example formatDiff("a\nb", "a\nc"); // "  a\n- b\n+ c"
 */
export function formatDiff(before: string, after: string, context = 2): string {
    const lines = diffLines(before.split("\n"), after.split("\n"));
    if (lines.every((line) => line.op === " ")) return "";
    const near = (index: number) => lines.slice(Math.max(0, index - context), index + context + 1).some((line) => line.op !== " ");
    const out: string[] = [];
    let folded = false;
    lines.forEach((line, index) => {
        if (line.op !== " " || near(index)) {
            out.push(`${line.op} ${line.text}`.trimEnd());
            folded = false;
        } else if (!folded) {
            out.push("  ...");
            folded = true;
        }
    });
    return out.join("\n");
}
