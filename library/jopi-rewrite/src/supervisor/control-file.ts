import {chmodSync, linkSync, lstatSync, mkdtempSync, renameSync, rmSync} from "node:fs";
import {dirname, join} from "node:path";

const code = (error: unknown) => (error as NodeJS.ErrnoException).code;

/**
 * Binds the Unix socket at `path` for its owner alone, whatever the umask, and atomically: two
 * supervisors started at the same instant cannot both get it. The socket is bound in a fresh
 * folder that only its owner can enter, made 0600 there, then hard-linked to `path`, which fails
 * if anything is there. What is there is then refused in one line (a file, a live supervisor, a
 * socket of another user) or, left by a dead supervisor, replaced.
 *
 * @example const {server, inode} = await bindPrivately(".jopi-rewrite.sock", (unix) => Bun.listen({unix, socket}));
 * @see https://jopi-rewrite.dev/docs/production
 */
export async function bindPrivately<T extends {stop(force?: boolean): void}>(path: string, bind: (unix: string) => T): Promise<{server: T; inode: number}> {
    let folder: string;
    try {
        folder = mkdtempSync(join(dirname(path), ".jopi-rewrite-"));
    } catch (error) {
        throw new Error(`jopi-rewrite: cannot create the control file ${path} (${code(error) ?? (error as Error).message}); give a path in a folder you can write with --control.`);
    }
    let server: T | undefined;
    try {
        const bound = join(folder, "s");
        server = bind(bound);
        // Created with the umask's mode, but no one else can enter the folder (mkdtemp makes it 0700).
        chmodSync(bound, 0o600);
        for (let attempt = 1; ; attempt++) {
            try {
                linkSync(bound, path);
                return {server, inode: lstatSync(path).ino};
            } catch (error) {
                if (code(error) !== "EEXIST" || attempt === 3) throw error;
            }
            await clearStale(path, join(folder, "stale"));
        }
    } catch (error) {
        server?.stop(true);
        if ((error as Error).message.startsWith("jopi-rewrite: ")) throw error;
        throw new Error(`jopi-rewrite: cannot create the control file ${path} (${code(error) ?? (error as Error).message}); give another path with --control.`);
    } finally {
        rmSync(folder, {recursive: true, force: true});
    }
}

// Refuses what is at `path`, unless it is a socket left by a dead supervisor: then removes it.
async function clearStale(path: string, aside: string): Promise<void> {
    let stat;
    try {
        stat = lstatSync(path);
    } catch {
        return; // Removed meanwhile.
    }
    if (!stat.isSocket()) throw new Error(`jopi-rewrite: ${path} exists and is not a control socket; remove it, or give another path with --control.`);
    const answer = await who(path);
    if (answer.about !== undefined) throw new Error(`jopi-rewrite: a supervisor${answer.about ? ` (${answer.about})` : ""} already runs with the control file ${path}; stop it, or give this one another with --control.`);
    if (answer.code === "EACCES") throw new Error(`jopi-rewrite: the control file ${path} belongs to another user (permission denied); stop their supervisor, or give this one another path with --control.`);
    if (answer.code !== "ECONNREFUSED") return;
    // Moved aside, not removed: if another supervisor put its own socket there meanwhile, it is put back.
    try {
        renameSync(path, aside);
    } catch {
        return;
    }
    if (lstatSync(aside).ino !== stat.ino) {
        try {
            linkSync(aside, path);
        } catch {
            // A third one took the place: it stands.
        }
    }
    rmSync(aside, {force: true});
}

// Who answers on the socket `path`: its description (empty if it says nothing), or the error code.
async function who(path: string): Promise<{about?: string; code?: string}> {
    const said = Promise.withResolvers<string>();
    let text = "";
    let socket;
    try {
        socket = await Bun.connect({
            unix: path,
            socket: {
                open: (socket) => void socket.write("who\n"),
                data: (_socket, data) => void (text += data.toString()),
                close: () => said.resolve(text.trim()),
                error: () => said.resolve(text.trim()),
            },
        });
    } catch (error) {
        return {code: code(error)};
    }
    // One that stays silent still answers: it is alive.
    const about = await Promise.race([said.promise, Bun.sleep(1_000).then(() => "")]);
    socket.end();
    return {about};
}
