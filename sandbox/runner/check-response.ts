/**
 * A response as a check sees it: status, headers, the body decoded (the raw bytes are kept, as
 * the server sent them), expectations that fail with a diff, and how it reads in a transcript.
 * @module
 */
/** Reports a failed expectation: the harness turns it into a CheckFailure with the step and line. */
export type Fail = (stack: string | undefined, message: string, expected?: string, actual?: string) => never;

const SHORT_BODY = 200;
const SHORT_SENT = 100;

/**
 * What `h.get(...)` and `h.post(...)` resolve to.
 *
 * @example (await h.get("/")).expectStatus(200).expectBody("Hello world!");
 */
export class CheckResponse {
    readonly text: string;

    constructor(
        /** `GET /path`, as the transcript and failures name it. */
        readonly request: string,
        readonly status: number,
        readonly headers: Headers,
        /** The body as it came over the wire, still compressed if it was. */
        readonly raw: Uint8Array<ArrayBuffer>,
        /** The body once decoded (gzip and br), as a browser would read it. */
        readonly body: Uint8Array,
        private readonly fail: Fail,
    ) {
        this.text = new TextDecoder().decode(this.body);
    }

    json<T = unknown>(): T {
        try {
            return JSON.parse(this.text) as T;
        } catch {
            return this.fail(new Error().stack, `${this.request}: the body is not JSON`, "JSON", this.text);
        }
    }

    expectStatus(status: number): this {
        if (this.status !== status) this.fail(new Error().stack, `${this.request}: the status differs`, String(status), String(this.status));
        return this;
    }

    /** The decoded body equals `expected`, or matches it when it is a RegExp. */
    expectBody(expected: string | RegExp): this {
        const ok = typeof expected === "string" ? this.text === expected : expected.test(this.text);
        if (!ok) this.fail(new Error().stack, `${this.request}: the body differs`, String(expected), this.text);
        return this;
    }

    /** The header equals `expected` (or matches it); `null` means the header must be absent. */
    expectHeader(name: string, expected: string | RegExp | null): this {
        const value = this.headers.get(name);
        const ok = expected === null ? value === null : value !== null && (typeof expected === "string" ? value === expected : expected.test(value));
        if (!ok) this.fail(new Error().stack, `${this.request}: the header ${name} differs`, `${name}: ${expected ?? "(absent)"}`, `${name}: ${value ?? "(absent)"}`);
        return this;
    }

    /** Transcript lines: the request and its status and type, the headers asked for, then the body. */
    describe(requestHeaders: Record<string, string>, show: string[], sent?: string): string[] {
        const asked = Object.entries(requestHeaders).map(([name, value]) => `${name}: ${value}`).join("; ");
        const type = this.headers.get("content-type") ?? "";
        // A long body sent (an upload past a limit, say) is named by its start and its size.
        const shown = sent !== undefined && sent.length > SHORT_SENT ? `${sent.slice(0, 20)}... (${sent.length} bytes)` : sent;
        const request = [this.request, shown, asked && `[${asked}]`].filter(Boolean).join("  ");
        const lines = [`$ ${request}  ->  ${this.status}  ${type}`.trimEnd()];
        for (const name of show) lines.push(`  ${name}: ${this.headers.get(name) ?? "(absent)"}`);
        lines.push(...this.describeBody());
        return lines;
    }

    private describeBody(): string[] {
        if (this.raw.byteLength === 0) return ["< (no body)"];
        const encoding = this.headers.get("content-encoding");
        if (encoding) return [`< (${encoding}-encoded, ${this.body.byteLength} bytes once decoded)`];
        const lines = this.text.split("\n");
        if (this.text.length <= SHORT_BODY && lines.length <= 6) return lines.map((line) => `< ${line}`);
        return [`< ${lines[0]!.slice(0, 60)}... (${this.body.byteLength} bytes)`];
    }
}
