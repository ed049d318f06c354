/**
 * Which supervisor serves which port. Workers share their ports through `reusePort`, so a second
 * supervisor on the same port would silently take a share of the first one's connections. Before a
 * worker first listens on a port, it claims the port for its supervisor: a file created atomically
 * (written aside, then hard-linked into place), which names the supervisor's pid and app. Loaded
 * once per worker process by worker-entry.js, never by the library: the browser build has no fs.
 *
 * @example
 * claimPort(3000); // in a worker, before Bun.serve({port: 3000, reusePort: true})
 * @see https://jopi-rewrite.dev/docs/production
 * @module
 */
import {linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {listenerOf, startTime} from "./processes.ts";
import type {WorkerMessage} from "./protocol.ts";

interface Holder {
    pid: number;
    app: string;
    /** When that pid started, so that a claim left by a dead supervisor whose pid was reused is stale. */
    started?: string;
}

/** The error a worker throws when its port is served by another app; worker-entry.js exits on it quietly. */
export const PORT_TAKEN = "JOPI_REWRITE_PORT_TAKEN";

// One folder per user: the kernel lets only one user's sockets share a port, so other users'
// supervisors cannot join ours anyway, and they must not be able to write our claims.
function claimsFolder(): string {
    const uid = process.getuid?.() ?? 0;
    const folder = join(tmpdir(), `jopi-rewrite-${uid}`);
    mkdirSync(folder, {recursive: true, mode: 0o700});
    const stat = lstatSync(folder);
    if (!stat.isDirectory() || stat.uid !== uid || (stat.mode & 0o077) !== 0) {
        throw new Error(`jopi-rewrite: ${folder} records which supervisor serves which port and must be a folder of this user that no one else can open; remove it.`);
    }
    return folder;
}

const claimFile = (port: number) => join(claimsFolder(), `port-${port}.json`);

// The claim in `file` (holder undefined if unreadable: then it is stale), or undefined if none.
function read(file: string): {text: string; holder: Holder | undefined} | undefined {
    let text: string;
    try {
        text = readFileSync(file, "utf8");
    } catch {
        return undefined;
    }
    try {
        return {text, holder: JSON.parse(text) as Holder};
    } catch {
        return {text, holder: undefined};
    }
}

function alive({pid, started}: Holder): boolean {
    if (started !== undefined) return startTime(pid) === started;
    try {
        process.kill(pid, 0);
        return true;
    } catch (error) {
        return (error as NodeJS.ErrnoException).code === "EPERM";
    }
}

// Whether `file` was created now, holding `content`: written aside, then linked, which fails if it exists.
function create(file: string, content: string): boolean {
    const aside = `${file}.${process.pid}`;
    try {
        writeFileSync(aside, content, {mode: 0o600});
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
        // The last supervisor to leave removed the empty folder meanwhile: make it again.
        claimsFolder();
        writeFileSync(aside, content, {mode: 0o600});
    }
    try {
        linkSync(aside, file);
        return true;
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        return false;
    } finally {
        rmSync(aside, {force: true});
    }
}

// Removes the claim of a dead supervisor, unless another worker replaced it meanwhile: it is moved
// aside first (atomic), and put back if what was moved is not the claim found dead.
function removeStale(file: string, text: string): void {
    const aside = `${file}.${process.pid}.stale`;
    try {
        renameSync(file, aside);
    } catch {
        return; // Already removed by another worker.
    }
    if (readFileSync(aside, "utf8") !== text) {
        try {
            linkSync(aside, file);
        } catch {
            // A third claimant took the place: its claim stands.
        }
    }
    rmSync(aside, {force: true});
}

function refuse(port: number, by: string): never {
    const reason = `jopi-rewrite: port ${port} is already served by ${by}; stop it, or pass --join to add these workers to it.`;
    process.send?.({type: "refused", reason} satisfies WorkerMessage);
    throw Object.assign(new Error(reason), {code: PORT_TAKEN});
}

/**
 * Claims `port` for this worker's supervisor (JOPI_REWRITE_SUPERVISOR, JOPI_REWRITE_APP), or throws
 * naming what serves it: another supervisor's app, or another program already listening there.
 * With JOPI_REWRITE_JOIN set (`--join`), joins whatever serves it.
 * @example claimPort(3000);
 * @see https://jopi-rewrite.dev/docs/production
 */
export function claimPort(port: number): void {
    const pid = Number(process.env.JOPI_REWRITE_SUPERVISOR);
    const me: Holder = {pid, app: process.env.JOPI_REWRITE_APP ?? "", started: startTime(pid)};
    const joining = process.env.JOPI_REWRITE_JOIN === "1";
    const file = claimFile(port);
    const content = JSON.stringify(me);
    for (let attempt = 0; attempt < 5; attempt++) {
        if (create(file, content)) {
            // The first of its supervisor's workers on this port: whatever listens there is foreign.
            const other = joining ? undefined : listenerOf(port, me.pid);
            if (!other) return;
            rmSync(file, {force: true});
            refuse(port, other);
        }
        const found = read(file);
        if (!found) continue;
        const {holder, text} = found;
        if (joining || (holder?.pid === me.pid && holder.started === me.started)) return;
        if (holder && alive(holder)) refuse(port, `jopi-rewrite serve ${holder.app} (pid ${holder.pid})`);
        removeStale(file, text);
    }
    refuse(port, "another supervisor starting at the same time");
}

/**
 * Removes the claims of the supervisor `pid` (at its exit), so that another may serve its ports,
 * and those of supervisors that died without removing theirs.
 * @example process.on("exit", () => releasePorts(process.pid));
 * @see https://jopi-rewrite.dev/docs/production
 */
export function releasePorts(pid: number): void {
    let folder: string;
    try {
        folder = claimsFolder();
    } catch {
        return;
    }
    for (const name of readdirSync(folder)) {
        if (!/^port-\d+\.json$/.test(name)) continue;
        const file = join(folder, name);
        const found = read(file);
        if (!found) continue;
        if (found.holder?.pid === pid) rmSync(file, {force: true});
        else if (!found.holder || !alive(found.holder)) removeStale(file, found.text);
    }
    // The last supervisor to leave leaves nothing behind; rmdir fails while any claim is in it.
    try {
        rmdirSync(folder);
    } catch {
        // Another supervisor's claims are in it.
    }
}
