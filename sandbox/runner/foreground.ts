/**
 * `npm run sandbox -- <slug>`: an example run the way a docs reader tries it, on a copy they can
 * edit, under `bun --hot` (or with its command, like `jopi-rewrite serve index.ts`), until Ctrl-C.
 * @module
 */
import {readFileSync} from "node:fs";
import {join, relative} from "node:path";
import {BUN, REPO_ROOT, killGroup} from "hot-harness";
import {copyProgram} from "./example-files.ts";
import type {Example} from "./index-file.ts";

/** Where `npm run sandbox -- <slug>` puts the copy the reader edits. */
export function tryFolder(slug: string): string {
    return join(REPO_ROOT, ".scratch", "sandbox", slug);
}

const GRACE_MS = 2_000;

/**
 * Copies the example, runs it in its own process group with PORT set, passes its output
 * through, and on SIGINT or SIGTERM stops the group (SIGTERM, then SIGKILL after 2 s).
 * Resolves to the exit code the runner should end with: 0 once stopped that way, else the example's.
 */
export async function runForeground(example: Example, port: number): Promise<number> {
    const dir = tryFolder(example.slug);
    copyProgram(example.dir, dir);
    const entry = example.files[0]!;
    // An address to open only if some file of the example starts a server (comment lines aside):
    // the starter's entry only imports the file that does, the in-process example never does.
    const source = example.files.map((file) => readFileSync(join(dir, file), "utf8").replace(/^\s*\/\/.*$/gm, "")).join("\n");
    const serves = /\.startServer\(/.test(source);
    console.log(`Running "${example.title}" (sandbox/${example.slug}) ${example.command ? `with \`${example.command}\`` : "under bun --hot"}.`);
    if (serves) console.log(`  Open:  http://127.0.0.1:${port}/`);
    console.log(`  Edit:  ${relative(process.cwd(), join(dir, entry)) || entry}   (a copy, replaced at each run; sandbox/${example.slug}/ stays as the docs show it)`);
    console.log("  Stop:  Ctrl-C\n");

    const [name, ...args] = example.command?.split(" ") ?? [];
    const argv = name ? [BUN, join(REPO_ROOT, "node_modules/.bin", name), ...args] : [BUN, "--hot", "--no-clear-screen", entry];
    const child = Bun.spawn(argv, {
        cwd: dir,
        env: {...process.env, PORT: String(port)},
        stdio: ["ignore", "inherit", "inherit"],
        detached: true,
    });
    let signalled: NodeJS.Signals | undefined;
    const stop = (signal: NodeJS.Signals) => {
        if (signalled) return killGroup(child.pid, "SIGKILL"); // A second Ctrl-C: no more waiting.
        signalled = signal;
        killGroup(child.pid, "SIGTERM");
        setTimeout(() => killGroup(child.pid, "SIGKILL"), GRACE_MS).unref();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    process.on("exit", () => killGroup(child.pid, "SIGKILL"));
    const code = await child.exited;
    killGroup(child.pid, "SIGKILL"); // Whatever the example started in its group goes too.
    if (signalled) {
        console.log(`\nStopped ${example.slug}.`);
        return 0; // Stopping is what the reader asked for: not an error for \`bun run\` to report.
    }
    return code;
}
