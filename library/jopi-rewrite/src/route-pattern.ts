/**
 * The check of the regular expressions a route path may hold (`/r/:x(\d+)`), when the route is
 * added: rou3 compiles each path segment into one regular expression and runs it on the request's
 * segment, so a pattern that backtracks without end lets one short URL block the server (with
 * `(?:a+)+b`, 24 `a`s and a `c` took 60 ms, doubling with each extra `a`).
 * @module
 */
import {lazy} from "./cache/lazy.ts";

// Loaded by the first route that holds a regular expression only: most apps have none.
const safeRegex = lazy(() => require("safe-regex2") as typeof import("safe-regex2"));

/** The regular expressions of one segment (`:x(…)`, `(…)`) and how many `:name` params it has without one. */
function partsOf(segment: string): {regexes: string[]; plainParams: number} {
    const regexes: string[] = [];
    let plainParams = 0;
    let depth = 0;
    let start = 0;
    for (let i = 0; i < segment.length; i++) {
        const c = segment[i];
        // rou3 reads `\(` and `\)` as literal brackets, in a regular expression as outside one.
        if (c === "\\") i++;
        else if (c === "(" && depth++ === 0) start = i + 1;
        else if (c === ")" && depth > 0 && --depth === 0) regexes.push(segment.slice(start, i));
        else if (c === ":" && depth === 0) {
            const name = /^[A-Za-z_]\w*/.exec(segment.slice(i + 1))?.[0] ?? "";
            if (name && segment[i + 1 + name.length] !== "(") plainParams++;
        }
    }
    // `(.*)` is rou3's catch-all, not a regular expression run on the segment.
    return {regexes: regexes.filter((regex) => regex !== ".*"), plainParams};
}

/** How many repetitions of `regex` have no upper bound: `*`, `+`, `{n,}`. */
function unboundedRepetitions(regex: string): number {
    let count = 0;
    for (let i = 0; i < regex.length; i++) {
        const c = regex[i];
        if (c === "\\") i++;
        else if (c === "[") {
            for (i++; i < regex.length && regex[i] !== "]"; i++) if (regex[i] === "\\") i++;
        } else if (c === "*" || c === "+" || (c === "{" && /^\{\d+,\}/.test(regex.slice(i)))) count++;
    }
    return count;
}

/**
 * Throws a `TypeError` for a route path whose regular expressions could take more than linear time
 * on some URL: a repetition inside a repetition or more than 25 repetitions (found by safe-regex2,
 * as find-my-way does), which takes exponential time, and two or more unbounded repetitions in one
 * segment (`a+a+`, `:a(\d+):b(\d+)`, or a plain `:name` beside a regular expression), which take
 * time in the square (cube…) of the URL's length. Paths without `(` cost one `includes`.
 *
 * @example checkRoutePattern("GET", "/r/:x((?:a+)+b)", "http://127.0.0.1:3000"); // throws
 * @see https://jopi-rewrite.dev/docs/getting-started#routes
 */
export function checkRoutePattern(method: string, path: string, origin: string): void {
    if (!path.includes("(")) return;
    const route = `${method} ${path} on ${origin}`;
    for (const segment of path.split("/")) {
        const {regexes, plainParams} = partsOf(segment);
        if (regexes.length === 0) continue;
        for (const regex of regexes) {
            try {
                new RegExp(regex);
            } catch (error) {
                throw new TypeError(`jopi-rewrite: ${route}: (${regex}) is not a valid regular expression (${(error as Error).message}); fix it or escape a literal bracket as \\(.`);
            }
            if (!safeRegex()(regex)) {
                throw new TypeError(`jopi-rewrite: ${route}: the regular expression (${regex}) can take exponential time on some URLs (a repetition inside a repetition, or more than 25 repetitions), so one request could block the server; rewrite it without nested repetition, like (?:a|b)+ rather than (?:a+|b)+.`);
            }
        }
        const unbounded = regexes.reduce((sum, regex) => sum + unboundedRepetitions(regex), plainParams);
        if (unbounded > 1) {
            throw new TypeError(`jopi-rewrite: ${route}: the segment "${segment}" has ${unbounded} unbounded repetitions (+, *, {n,} or a :name param), and a segment is matched as one regular expression, in time up to the URL's length to the power ${unbounded}; keep one and bound the others, like \\d{1,12}.`);
        }
    }
}
