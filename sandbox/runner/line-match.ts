/**
 * Finding lines in a program's output: by text, by RegExp, or by a function, and waiting for
 * them without ever waiting past the program's end.
 * @module
 */

/** A line to look for: a substring, a RegExp, or a test. */
export type LinePattern = string | RegExp | ((line: string) => boolean);

export function matches(line: string, pattern: LinePattern): boolean {
    if (typeof pattern === "string") return line.includes(pattern);
    if (pattern instanceof RegExp) return pattern.test(line);
    return pattern(line);
}

/** How failures name a pattern. */
export function describePattern(pattern: LinePattern): string {
    if (typeof pattern === "string") return JSON.stringify(pattern);
    if (pattern instanceof RegExp) return String(pattern);
    return pattern.name ? `a line that ${pattern.name}` : "the expected line";
}

/** Index of the first line at or after `from` that matches, or -1. */
export function findLine(lines: readonly string[], pattern: LinePattern, from = 0): number {
    for (let i = from; i < lines.length; i++) if (matches(lines[i]!, pattern)) return i;
    return -1;
}

/** How many lines at or after `from` match. */
export function countLines(lines: readonly string[], pattern: LinePattern, from = 0): number {
    let n = 0;
    for (let i = from; i < lines.length; i++) if (matches(lines[i]!, pattern)) n++;
    return n;
}

/** Why a wait ended without its line. */
export type WaitMiss = {reason: "timeout" | "exited"};

/**
 * Waits until a line matches (polling every 10 ms: output arrives in a few ms under `--hot`).
 * Gives up after `timeoutMs`, or soon after `hasExited()` turns true and no more output comes.
 */
export async function waitForLine(
    lines: readonly string[],
    pattern: LinePattern,
    from: number,
    timeoutMs: number,
    hasExited: () => boolean,
): Promise<number | WaitMiss> {
    const deadline = Date.now() + timeoutMs;
    let exitSeen = 0;
    for (;;) {
        const index = findLine(lines, pattern, from);
        if (index >= 0) return index;
        // The pipes may still hold the last lines when the exit is noticed: look twice more.
        if (hasExited() && ++exitSeen > 3) return {reason: "exited"};
        if (Date.now() > deadline) return {reason: "timeout"};
        await new Promise((resolve) => setTimeout(resolve, 10));
    }
}
