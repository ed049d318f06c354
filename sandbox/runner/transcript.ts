/**
 * The verified output of an example: one event per line, recorded by the check as it runs,
 * then normalised so that the same run gives the same text on every machine and every day.
 * @module
 */

interface Replacement {
    pattern: RegExp;
    replacement: string;
}

interface Label {
    pattern: RegExp;
    name: string;
}

function global(pattern: RegExp): RegExp {
    return pattern.global ? pattern : new RegExp(pattern.source, `${pattern.flags}g`);
}

/**
 * Lines of events, with the rules that turn what varies (ports, folders, dates, random numbers)
 * into placeholders. Rules apply to every line, in the order they were given, when the text is read.
 *
 * @example
 * const t = new Transcript();
 * t.add("< Timer 481");
 * t.label(/Timer (\d+)/, "random");
 * t.text(); // "< Timer <random 1>\n"
 */
export class Transcript {
    readonly lines: string[] = [];
    private readonly replacements: Replacement[] = [];
    private readonly labels: Label[] = [];

    add(line: string): void {
        this.lines.push(...line.split("\n"));
    }

    /** Replaces every match of `pattern` by `replacement` (`$1` and the like work). */
    normalize(pattern: RegExp, replacement: string): void {
        this.replacements.push({pattern: global(pattern), replacement});
    }

    /**
     * Replaces each distinct value matching `pattern` (its first group, if it has one) by
     * `<name 1>`, `<name 2>`, ... numbered in order of first appearance, so that a reader still
     * sees which values are the same and which differ.
     */
    label(pattern: RegExp, name: string): void {
        this.labels.push({pattern: global(pattern), name});
    }

    /** The normalised lines. */
    normalized(): string[] {
        const numbers = this.labels.map(() => new Map<string, number>());
        return this.lines.map((line) => {
            let out = line;
            for (const {pattern, replacement} of this.replacements) out = out.replace(pattern, replacement);
            this.labels.forEach(({pattern, name}, index) => {
                const seen = numbers[index]!;
                out = out.replace(pattern, (match: string, group?: unknown) => {
                    const value = typeof group === "string" ? group : match;
                    if (!seen.has(value)) seen.set(value, seen.size + 1);
                    const placeholder = `<${name} ${seen.get(value)}>`;
                    return typeof group === "string" ? match.replace(value, placeholder) : placeholder;
                });
            });
            return out;
        });
    }

    /** The transcript file's content: the normalised lines, each ended by a newline. */
    text(): string {
        return this.normalized().map((line) => `${line}\n`).join("");
    }
}
