import {lstatSync, unlinkSync} from "node:fs";
import type {Socket} from "bun";
import {bindPrivately} from "./control-file.ts";

/**
 * The control file: a Unix socket the supervisor listens on, by which `jopi-rewrite restart` finds
 * it, asks for a rolling restart, and hears how it went (the supervisor's lines, then `ok` or `failed`).
 * Only its owner may use it (mode 0600 whatever the umask), and while it answers, no other
 * supervisor can claim it.
 *
 * @example
 * const control = await ControlSocket.claim(".jopi-rewrite.sock", "pid 1234, serving app.ts", () => supervisor.restart());
 * @see https://jopi-rewrite.dev/docs/production
 */
export class ControlSocket {
    private readonly listeners = new Set<Socket<undefined>>();
    private server: ReturnType<typeof Bun.listen<undefined>> | undefined;
    private inode = 0;

    private constructor(readonly path: string, private readonly about: string, private readonly onRestart: () => Promise<boolean>) {}

    /**
     * Answers on `path` from now on, `about` saying who answers. Refuses, in one line, a path that is
     * not a socket, or where a supervisor answers; replaces a socket left by a dead one.
     */
    static async claim(path: string, about: string, onRestart: () => Promise<boolean>): Promise<ControlSocket> {
        const control = new ControlSocket(path, about, onRestart);
        const {server, inode} = await bindPrivately(path, (unix) => Bun.listen<undefined>({unix, socket: control.handlers()}));
        control.server = server;
        control.inode = inode;
        return control;
    }

    private handlers() {
        return {
            data: async (socket: Socket<undefined>, data: Buffer) => {
                const command = data.toString().trim();
                if (command === "who") return void socket.end(`${this.about}\n`);
                if (command !== "restart") return void socket.end("jopi-rewrite: unknown command; the control file only understands `restart`.\nfailed\n");
                this.listeners.add(socket);
                const ok = await this.onRestart();
                this.listeners.delete(socket);
                socket.end(ok ? "ok\n" : "failed\n");
            },
            close: (socket: Socket<undefined>) => void this.listeners.delete(socket),
        };
    }

    /** Passes a line of the supervisor's to every `jopi-rewrite restart` waiting for its restart. */
    tell(line: string): void {
        for (const socket of this.listeners) socket.write(`${line}\n`);
    }

    /** Stops answering and removes the file, unless it is no longer this supervisor's. */
    close(): void {
        if (!this.server) return;
        this.server.stop(true);
        this.server = undefined;
        try {
            if (lstatSync(this.path).ino === this.inode) unlinkSync(this.path);
        } catch {
            // Already removed.
        }
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
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "EACCES") {
            throw new Error(`jopi-rewrite: the control file ${path} belongs to another user (permission denied); run \`jopi-rewrite restart\` as the user who runs \`jopi-rewrite serve\`.`);
        }
        throw new Error(`jopi-rewrite: no supervisor answers on the control file ${path}. Is \`jopi-rewrite serve\` running in this folder? (Or give its --control path.)`);
    }
    return done.promise;
}
