/**
 * The check runtime of CI and of the transcripts: each program under a real `bun --hot`, on a
 * scratch copy, reached over a real socket.
 * @module
 */
import {rmSync} from "node:fs";
import {join} from "node:path";
import {brotliDecompressSync} from "node:zlib";
import {BUN, freePort, keepAliveLoad, ReconnectingStream, RedisServer, REPO_ROOT, startHot} from "hot-harness";
import {SocketClient, StreamClient, type SocketLike} from "hot-harness/socket-client";
import {ResumableWebSocket} from "jopi-rewrite/client";
import type {Answer, CheckRuntime, RunningProgram, SendRequest, SocketOptions, StartRequest} from "./check-runtime.ts";

function decode(raw: Uint8Array<ArrayBuffer>, encoding: string | null): Uint8Array {
    if (encoding === "gzip") return Bun.gunzipSync(raw);
    if (encoding === "br") return new Uint8Array(brotliDecompressSync(raw));
    return raw;
}

/**
 * Starts programs with `bun --hot` and sends requests with `fetch`, undecoded, so that a check
 * sees the bytes the server sent.
 *
 * @example const h = new Check(target, await freePort(), 5_000, bunRuntime);
 */
export const bunRuntime: CheckRuntime = {
    start({files, entry, env, args, mode}: StartRequest): RunningProgram {
        const app = startHot({files, entry, env, args, mode});
        return Object.assign(app, {pid: app.child.pid, remove: (path: string) => rmSync(join(app.dir, path), {recursive: true})});
    },

    async send(url: string, {method, headers, body, timeoutMs}: SendRequest): Promise<Answer> {
        // A redirect is what the server answered, not a place to go: checks read its Location.
        const res = await fetch(url, {method, body, headers, decompress: false, redirect: "manual", signal: AbortSignal.timeout(timeoutMs)});
        const raw = new Uint8Array(await res.arrayBuffer());
        return {status: res.status, headers: res.headers, raw, body: decode(raw, res.headers.get("content-encoding"))};
    },

    openSocket(url: string, options: SocketOptions = {}): Promise<SocketClient> {
        if (!options.resume) return SocketClient.connect(url);
        const {onLost} = options.resume;
        // Each connection the client opens tells the check how it ended: its listener comes
        // before the client's own, so the check sees the loss before the client reconnects.
        class Watched extends WebSocket {
            constructor(to: string, protocols?: string | string[]) {
                super(to, protocols);
                this.addEventListener("close", (event) => onLost(event.code, event.reason));
            }
        }
        return SocketClient.connect(url, undefined, new ResumableWebSocket(url, {WebSocket: Watched}) as unknown as SocketLike);
    },
    openStream: (url: string) => StreamClient.connect(url),
    followStream: (url: string) => ReconnectingStream.connect(url),

    machine: {
        freePort,
        startRedis: () => RedisServer.start(),
        commandPath: (name) => join(REPO_ROOT, "node_modules/.bin", name),

        async run(argv, cwd, timeoutMs) {
            const child = Bun.spawn([BUN, ...argv], {cwd, stdout: "pipe", stderr: "pipe", env: {...process.env, NO_COLOR: "1"}});
            const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
            const [out, err, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
            clearTimeout(timer);
            return {code, lines: (out + err).split("\n").filter((line) => line !== "")};
        },

        signal: (program, signal) => process.kill(program.pid!, signal),
        load: keepAliveLoad,
    },
};
