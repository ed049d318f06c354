#!/usr/bin/env bun
/**
 * The `jopi-rewrite` command. `jopi-rewrite serve app.ts --workers N` runs the app as N workers under
 * `bun --hot`, all on the same ports; SIGHUP or `jopi-rewrite restart` replaces them one at a time
 * without failing a request; SIGTERM or Ctrl-C drains them all and exits 0.
 *
 * One supervisor per port and per control file: a second one, started at the same instant or later,
 * in the same folder or another, refuses in one line naming what serves them, unless `--join`
 * tells it to add its workers to the port's (then both apps answer it, in turns).
 *
 * @example
 * // npx jopi-rewrite serve app.ts --workers 2     (or bunx)
 * // npx jopi-rewrite restart                       (from the same folder)
 * @see https://jopi-rewrite.dev/docs/production
 * @module
 */
import {availableParallelism} from "node:os";
import {parseArgs} from "node:util";
import {ControlSocket, requestRestart} from "./control.ts";
import {releasePorts} from "./port-claim.ts";
import {Supervisor} from "./supervisor.ts";
import {Refusal, StartFailure} from "./worker-process.ts";

const USAGE = `Usage:
  jopi-rewrite serve <app.ts> [--workers N] [--drain-timeout MS] [--start-timeout MS] [--control PATH] [--join]
  jopi-rewrite restart [--control PATH]

serve    runs the app as N workers (default: one per core) under bun --hot, on the same ports.
restart  asks the running supervisor for a rolling restart (as SIGHUP does) and reports how it went.
--control is the supervisor's control file, .jopi-rewrite.sock in the current folder by default,
         usable by its owner only. serve refuses a path that holds anything but a dead one's socket.
--join   lets serve add its workers to a port that another program already serves (both then
         answer it, in turns); without it, serve refuses to start, naming that program.`;

function fail(message: string): never {
    console.error(message);
    process.exit(1);
}

const number = (value: string | undefined, name: string, fallback: number) => {
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 1) fail(`jopi-rewrite: --${name} must be a whole number of at least 1, not ${JSON.stringify(value)}.`);
    return parsed;
};

const {positionals, values} = (() => {
    try {
        return parseArgs({
            allowPositionals: true,
            options: {
                workers: {type: "string"},
                "drain-timeout": {type: "string"},
                "start-timeout": {type: "string"},
                control: {type: "string", default: ".jopi-rewrite.sock"},
                join: {type: "boolean", default: false},
                help: {type: "boolean", short: "h"},
            },
        });
    } catch (error) {
        fail(`jopi-rewrite: ${(error as Error).message}\n\n${USAGE}`);
    }
})();

const [command, app] = positionals;
if (values.help) {
    console.log(USAGE);
    process.exit(0);
}
if (!command) fail(USAGE);
if (command === "restart") {
    const ok = await requestRestart(values.control, (line) => console.log(line)).catch((error: Error) => fail(error.message));
    process.exit(ok ? 0 : 1);
}
if (command !== "serve" || !app) fail(`jopi-rewrite: unknown command ${JSON.stringify(positionals.join(" "))}.\n\n${USAGE}`);

let workers = number(values.workers, "workers", availableParallelism());
if (process.platform !== "linux" && workers > 1) {
    console.log(`jopi-rewrite: ${process.platform} does not spread connections across processes sharing a port (reusePort is Linux-only); running 1 worker.`);
    workers = 1;
}

let control: ControlSocket | undefined;
const say = (line: string) => {
    console.log(line);
    control?.tell(line);
};
const supervisor = new Supervisor({
    app,
    join: values.join,
    workers,
    drainTimeoutMs: number(values["drain-timeout"], "drain-timeout", 10_000),
    startTimeoutMs: number(values["start-timeout"], "start-timeout", 30_000),
    startAttempts: 3,
    say,
});

let stopping = false;
async function shutdown(signal: NodeJS.Signals): Promise<void> {
    if (stopping) return;
    stopping = true;
    say(`jopi-rewrite: ${signal} received; draining every worker, then exiting.`);
    control?.close();
    await supervisor.stop();
    say("jopi-rewrite: every worker has exited.");
    process.exit(0);
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
process.on("SIGHUP", () => void supervisor.restart());

// Claimed before any worker starts: while it answers, no other supervisor starts in this folder.
control = await ControlSocket.claim(values.control, `pid ${process.pid}, serving ${app}`, () => supervisor.restart()).catch((error: Error) => fail(error.message));
process.on("exit", () => {
    control?.close();
    releasePorts(process.pid);
});
// Whatever fails unexpectedly is said in one line; the workers see their supervisor go and drain.
process.on("uncaughtException", (error) => fail(`jopi-rewrite: the supervisor stopped on an unexpected error: ${error.message}`));
try {
    await supervisor.start();
} catch (error) {
    if (stopping) await new Promise(() => {}); // The shutdown under way exits.
    if (error instanceof Refusal) fail(error.message);
    if (!(error instanceof StartFailure)) throw error;
    fail(`jopi-rewrite: could not start ${app}: ${error.message}. Its last lines:\n${error.lastLines.map((line) => `    ${line}`).join("\n")}`);
}
