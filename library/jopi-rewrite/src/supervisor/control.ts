import {existsSync, unlinkSync} from "node:fs";
import type {Socket} from "bun";

/**
 * The control file: a Unix socket the supervisor listens on, by which `jopi-rewrite restart` finds
 * it, asks for a rolling restart, and hears how it went (the supervisor's lines, then `ok` or `failed`).
 *
 * @example
 * const control = await ControlSocket.claim(".jopi-rewrite.sock");
 * control.listen(() => supervisor.restart());
 * @see https://jopi-rewrite.dev/docs/production
 */
export class ControlSocket {
    private readonly listeners = new Set<Socket<undefined>>();
    private server: ReturnType<typeof Bun.listen<undefined>> | undefined;

    private constructor(readonly path: string) {}

    /** Claims `path`: refuses if a supervisor already answers there, removes a file left by a dead one. */
    static async claim(path: string): Promise<ControlSocket> {
        if (existsSync(path)) {
            if (await answers(path)) throw new Error(`jopi-rewrite: a supervisor is already running with the control file ${path}; stop it, or give this one another with --control.`);
            unlinkSync(path);
        }
        return new ControlSocket(path);
    }

    /** Starts answering `jopi-rewrite restart`. */
    listen(onRestart: () => Promise<boolean>): void {
        this.server = Bun.listen<undefined>({
            unix: this.path,
            socket: {
                data: async (socket, data) => {
                    if (data.toString().trim() !== "restart") return void socket.end("jopi-rewrite: unknown command; the control file only understands `restart`.\nfailed\n");
                    this.listeners.add(socket);
                    const ok = await onRestart();
                    this.listeners.delete(socket);
                    socket.end(ok ? "ok\n" : "failed\n");
                },
                close: (socket) => void this.listeners.delete(socket),
            },
        });
    }

    /** Passes a line of the supervisor's to every `jopi-rewrite restart` waiting for its restart. */
    tell(line: string): void {
        for (const socket of this.listeners) socket.write(`${line}\n`);
    }

    close(): void {
        if (!this.server) return;
        this.server.stop(true);
        this.server = undefined;
        if (existsSync(this.path)) unlinkSync(this.path);
    }
}

async function answers(path: string): Promise<boolean> {
    try {
        const socket = await Bun.connect({unix: path, socket: {data() {}}});
        socket.end();
        return true;
    } catch {
        return false;
    }
}

/**
 * Asks the supervisor behind the control file `path` for a rolling restart, printing what it says;
 * resolves whether the restart succeeded.
 * @example const ok = await requestRestart(".jopi-rewrite.sock", console.log);
 * @see https://jopi-rewrite.dev/docs/production
 */
export async function requestRestart(path: string, print: (text: string) => void): Promise<boolean> {
    const done = Promise.withResolvers<boolean>();
    let text = "";
    try {
        const socket = await Bun.connect({
            unix: path,
            socket: {
                data(_socket, data) {
                    text += data.toString();
                    const lines = text.split("\n");
                    text = lines.pop()!;
                    for (const line of lines) {
                        if (line === "ok" || line === "failed") done.resolve(line === "ok");
                        else print(line);
                    }
                },
                close: () => done.resolve(false),
            },
        });
        socket.write("restart\n");
    } catch {
        throw new Error(`jopi-rewrite: no supervisor answers on the control file ${path}. Is \`jopi-rewrite serve\` running in this folder? (Or give its --control path.)`);
    }
    return done.promise;
}
