/**
 * The Bun-only calls of jopi-rewrite, made of web APIs for a browser tab. Installed as the
 * `Bun` and `process` globals of the page's program (a Worker per program), so the library's own
 * code (server, port listeners, cache) runs unchanged in the page: the page proves that code,
 * not a copy of it.
 *
 * Compression is the exception: a tab has no synchronous compressor, so the cache compresses
 * with `gzipStream` there (the browser entry calls useAsyncGzip). CompressionStream makes no
 * brotli: a host that has an encoder gives it with useAsyncBrotli (the docs site loads a
 * WebAssembly one), else the page's cache answers gzip or the plain page.
 * @module
 */
import {serve} from "./port-table.ts";

/**
 * gzip with the tab's CompressionStream: what the cache compresses with in the page (see
 * useAsyncGzip). CompressionStream makes gzip and deflate only; brotli comes from useAsyncBrotli.
 *
 * @example const gzipped = await gzipStream(new TextEncoder().encode("hello"));
 * @see https://jopi-rewrite.dev/docs/in-memory-cache
 */
export async function gzipStream(body: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
    return new Uint8Array(await new Response(new Blob([body]).stream().pipeThrough(new CompressionStream("gzip"))).arrayBuffer());
}

/**
 * `Bun.hash` for ETags: two 32-bit FNV-1a lanes, 64 bits like Bun's wyhash. Another hash than
 * Bun's, which only the tag's text shows; a tag only has to change when the bytes do.
 *
 * @example hash(new TextEncoder().encode("hello")).toString(16);
 * @see https://jopi-rewrite.dev/docs/in-memory-cache
 */
export function hash(bytes: Uint8Array | string): bigint {
    const data = typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes;
    let a = 0x811c9dc5;
    let b = 0x050c5d1f;
    for (let i = 0; i < data.length; i++) {
        a = Math.imul(a ^ data[i]!, 0x01000193);
        b = Math.imul(b ^ data[i]!, 0x01000193) ^ (a >>> 15);
    }
    return (BigInt(a >>> 0) << 32n) | BigInt(b >>> 0);
}

/**
 * The read side of `Bun.CookieMap`, which is all a request needs.
 *
 * @example new CookieMap("theme=dark; id=7").get("theme"); // "dark"
 * @see https://jopi-rewrite.dev/docs/getting-started
 */
export class CookieMap {
    private readonly values = new Map<string, string>();

    constructor(header = "") {
        for (const part of header.split(";")) {
            const at = part.indexOf("=");
            if (at <= 0) continue;
            const value = part.slice(at + 1).trim();
            try {
                this.values.set(part.slice(0, at).trim(), decodeURIComponent(value));
            } catch {
                this.values.set(part.slice(0, at).trim(), value);
            }
        }
    }

    get(name: string): string | null {
        return this.values.get(name) ?? null;
    }

    has(name: string): boolean {
        return this.values.has(name);
    }
}

/** A tab's timer id with the `unref` of Bun's timers: the library unrefs its housekeeping timers. */
class Timer {
    constructor(private readonly id: number) {}
    unref(): this {
        return this;
    }
    ref(): this {
        return this;
    }
    hasRef(): boolean {
        return false;
    }
    // clearTimeout and clearInterval read the id through this.
    [Symbol.toPrimitive](): number {
        return this.id;
    }
}

function timersWithUnref(global: Record<string, unknown>): void {
    const probe = setTimeout(() => {}, 0);
    clearTimeout(probe);
    if (typeof probe !== "number") return;
    for (const name of ["setTimeout", "setInterval"]) {
        const original = global[name] as (...args: unknown[]) => number;
        global[name] = (...args: unknown[]) => new Timer(original(...args));
    }
}

/**
 * Installs `Bun` and `process` on the page's global object, when they are not there already
 * (never under Bun), and gives the tab's timers Bun's `unref`. `env` becomes `process.env`: the host sets PORT there, as the runner does.
 *
 * @example installWebShims({PORT: "3000"});
 * @see https://jopi-rewrite.dev/docs/getting-started
 */
export function installWebShims(env: Record<string, string> = {}): void {
    const global = globalThis as Record<string, unknown>;
    global.Bun ??= {
        serve,
        hash,
        CookieMap,
        sleep: (ms: number) => new Promise((resolve) => setTimeout(resolve, ms)),
    };
    // Signals never come to a tab: the shutdown handlers are kept nowhere.
    global.process ??= {env, on: () => global.process, exit: () => undefined, platform: "browser"};
    timersWithUnref(global);
}
