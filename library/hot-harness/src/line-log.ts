/** Where a wait should start looking. `next` (the default) continues after the last line matched. */
export interface WaitOptions {
    timeoutMs?: number;
    /** Line index to start from; defaults to the cursor left by the previous match. */
    from?: number;
}

/** An error that carries the lines seen, so a failing wait shows what the program did say. */
export class WaitTimeout extends Error {}

/** The lines a stream printed, with waits that resolve when a line matches. */
export class LineLog {
    readonly lines: string[] = [];
    /** Index after the last matched line: waits go forward, like a reader of the log. */
    cursor = 0;
    private partial = "";
    private waiters = new Set<() => void>();
    private ended = false;

    /** Reads a byte stream to its end, splitting it into lines. */
    async follow(stream: ReadableStream<Uint8Array>): Promise<void> {
        const decoder = new TextDecoder();
        const reader = stream.getReader();
        for (let read = await reader.read(); !read.done; read = await reader.read()) {
            this.push(decoder.decode(read.value, {stream: true}));
        }
        if (this.partial) this.lines.push(this.partial);
        this.partial = "";
        this.ended = true;
        this.wake();
    }

    /** Adds one whole entry (a message received, an event), for logs that are not read from a stream. */
    add(entry: string): void {
        this.lines.push(entry);
        this.wake();
    }

    private push(text: string): void {
        const parts = (this.partial + text).split("\n");
        this.partial = parts.pop()!;
        this.lines.push(...parts.map((line) => line.replace(/\r$/, "")));
        this.wake();
    }

    private wake(): void {
        for (const waiter of [...this.waiters]) waiter();
    }

    /** Finds the first line at or after `from` that matches; undefined if none yet. */
    find(pattern: RegExp | string, from = this.cursor): number | undefined {
        for (let i = from; i < this.lines.length; i++) {
            const line = this.lines[i]!;
            if (typeof pattern === "string" ? line.includes(pattern) : pattern.test(line)) return i;
        }
        return undefined;
    }

    /** Lines matching `pattern` from `from` on. */
    count(pattern: RegExp | string, from = 0): number {
        let n = 0;
        for (let i = from; (i = this.find(pattern, i) ?? -1) >= 0; i++) n++;
        return n;
    }

    /**
     * Waits for a line matching `pattern` after the cursor, moves the cursor past it and returns it.
     * Rejects after `timeoutMs` (or when the stream ends) with the last lines seen.
     */
    waitFor(pattern: RegExp | string, options: WaitOptions = {}): Promise<string> {
        const {timeoutMs = 10_000, from = this.cursor} = options;
        return new Promise((resolvePromise, reject) => {
            const check = () => {
                const index = this.find(pattern, from);
                if (index !== undefined) {
                    done();
                    this.cursor = index + 1;
                    resolvePromise(this.lines[index]!);
                } else if (this.ended) {
                    done();
                    reject(new WaitTimeout(`the output ended without a line matching ${pattern}. Last lines:\n${this.tail()}`));
                }
            };
            const timer = setTimeout(() => {
                done();
                reject(new WaitTimeout(`no line matching ${pattern} within ${timeoutMs} ms. Last lines:\n${this.tail()}`));
            }, timeoutMs);
            const done = () => {
                clearTimeout(timer);
                this.waiters.delete(check);
            };
            this.waiters.add(check);
            check();
        });
    }

    /** The last lines, for error messages. */
    tail(n = 15): string {
        return this.lines.slice(-n).map((line) => `  | ${line}`).join("\n") || "  | (nothing)";
    }
}
