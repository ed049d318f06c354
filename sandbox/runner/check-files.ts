/**
 * The part of the check harness that changes the example's files, as a reader does in an editor:
 * before the start (in the copy about to run) or while it runs (then waiting for the reload).
 * @module
 */
import {CheckOutput} from "./check-output.ts";
import type {LinePattern} from "./line-match.ts";

/** The example a check runs: its files, the one to run, and the check's own path (for file:line). */
export interface CheckTarget {
    files: Record<string, string>;
    entry: string;
    checkFile: string;
    /** How failures name the check: its path from the repository. */
    shownFile?: string;
    /** The command that runs the example, from examples.json, when it is not `bun --hot <entry>`. */
    command?: string;
}

export interface EditOptions {
    /** The line proving the reload happened: "Website reloaded" unless start() said otherwise; `false`: none. */
    waitFor?: LinePattern | false;
}

/** Changing files; see Check for the whole harness. */
export class CheckFiles extends CheckOutput {
    protected reloadLine: LinePattern = /^Website reloaded: /;

    constructor(protected readonly target: CheckTarget, waitMs: number) {
        super(target.checkFile, waitMs, target.shownFile);
    }

    /** The current text of a file of the example, with the edits made so far. */
    read(file: string): string {
        return this.target.files[file] ?? this.fail(`${file} is not a file of the example`);
    }

    /** Changes a file in one atomic write (before start: in the copy to run); once started, waits for the reload. */
    async edit(file: string, change: (source: string) => string, why: string, options: EditOptions = {}): Promise<void> {
        this.begin(`edit ${file} (${why})`);
        const before = this.read(file);
        const after = change(before);
        if (after === before) this.fail(`the edit "${why}" changed nothing in ${file}`, "a changed file", "the same text");
        await this.put("edit", file, after, why, options);
    }

    /** Writes a file, new or not, in one atomic write; once started, waits for the reload. */
    write(file: string, content: string, why: string, options: EditOptions = {}): Promise<void> {
        return this.put("write", file, content, why, options);
    }

    /** Saves a file again with the same bytes, as an editor does: Bun reloads all the same. */
    save(file: string, why: string, options: EditOptions = {}): Promise<void> {
        return this.put("save", file, this.target.files[file] ?? "", why, options);
    }

    /** Deletes a file or a folder of the example; once started, waits for the reload. */
    async remove(path: string, why: string, options: EditOptions = {}): Promise<void> {
        this.begin(`delete ${path} (${why})`);
        const folder = path.endsWith("/") ? path : `${path}/`;
        for (const file of Object.keys(this.target.files)) {
            if (file === path || file.startsWith(folder)) delete this.target.files[file];
        }
        this.transcript.add(`~ delete ${path} (${why})`);
        if (!this.app) return;
        const from = this.mark();
        this.app.remove(path);
        await this.waitReload(from, options);
    }

    private async put(verb: string, file: string, content: string, why: string, options: EditOptions): Promise<void> {
        this.begin(`${verb} ${file} (${why})`);
        this.target.files[file] = content;
        this.transcript.add(`~ ${verb} ${file} (${why})`);
        if (!this.app) return;
        const from = this.mark();
        this.app.write(file, content);
        await this.waitReload(from, options);
    }

    private async waitReload(from: number, options: EditOptions): Promise<void> {
        if (options.waitFor === false) return;
        await this.waitLine("stdout", options.waitFor ?? this.reloadLine, from, this.waitMs);
        this.transcript.add("~ reloaded");
    }
}
