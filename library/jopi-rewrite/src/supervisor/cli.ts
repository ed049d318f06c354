#!/usr/bin/env bun
/**
 * The `jopi-rewrite` command. `jopi-rewrite serve app.ts --workers N` runs the app as N workers under
 * `bun --hot`, all on the same ports; SIGHUP or `jopi-rewrite restart` replaces them one at a time
 * without failing a request; SIGTERM or Ctrl-C drains them all and exits 0.
 *
 * On Linux, serve turns on net.ipv4.tcp_migrate_req where it may (see tcp-migrate.ts); elsewhere it
 * refuses more than one worker (see platform.ts). `jopi-rewrite doctor` says what the host lacks.
 *
 * One supervisor per port and per control file: a second one, started at the same instant or later,
 * in the same folder or another, refuses in one line naming what serves them, unless `--join`
 * tells it to add its workers to the port's (then both apps answer it, in turns).
 *
 * @example
 * // npx jopi-rewrite serve app.ts --workers 2     (or bunx)
 * // npx jopi-rewrite restart                       (from the same folder)
 * // npx jopi-rewrite doctor
 * // npx jopi-rewrite example hello                 (writes the docs' example into ./hello/)
 * @see https://jopi-rewrite.dev/docs/production
 * @module
 */
import {availableParallelism} from "node:os";
import {parseArgs} from "node:util";
import {ControlSocket, requestRestart} from "./control.ts";
import {doctor, formatCheck} from "./doctor.ts";
import {listExamples, writeExample} from "./example-command.ts";
import {defaultWorkers, workersAllowed} from "./platform.ts";
import {releasePorts} from "./port-claim.ts";
import {Supervisor} from "./supervisor.ts";
import {enableTcpMigrate} from "./tcp-migrate.ts";
import {Refusal, StartFailure} from "./worker-process.ts";

const USAGE = `Usage:
  jopi-rewrite serve <app.ts> [--workers N] [--drain-timeout MS] [--start-timeout MS] [--control PATH] [--join] [--no-tcp-migrate]
  jopi-rewrite restart [--control PATH]
  jopi-rewrite doctor
  jopi-rewrite example [<slug>]

serve    runs the app as N workers (default: one per core on Linux, else 1) under bun --hot, on the same ports.
restart  asks the running supervisor for a rolling restart (as SIGHUP does) and reports how it went.
doctor   checks what this host allows for restarts that lose no connection, one line per check (ok or
         warn, with the fix); exits 0 when all are ok, 1 when any warns. It changes nothing.
example  lists the docs' examples; with a slug, writes that example's files into a new folder <slug>/
         here, and says the command that runs it.
--workers above 1 needs Linux: elsewhere a port's connections are not shared among processes, so
         serve refuses it; run one worker, with a proxy in front for more.
--control is the supervisor's control file, .jopi-rewrite.sock in the current folder by default,
         usable by its owner only. serve refuses a path that holds anything but a dead one's socket.
--join   lets serve add its workers to a port that another program already serves (both then
         answer it, in turns); without it, serve refuses to start, naming that program.
--no-tcp-migrate leaves net.ipv4.tcp_migrate_req alone, and unsaid. By default, on Linux, serve turns
         it on where it is 0 and it may (as root, where /proc/sys is writable), so that connections
         queued in a restarting worker go to another one instead of being reset; where it may not
         (another user, a container: start it with --sysctl net.ipv4.tcp_migrate_req=1), it warns once.
         JOPI_REWRITE_NO_TCP_MIGRATE=1 in the environment does the same as --no-tcp-migrate.`;

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
                "no-tcp-migrate": {type: "boolean", default: false},
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
if (command === "doctor") {
    const checks = await doctor();
    for (const check of checks) console.log(formatCheck(check));
    process.exit(checks.every((check) => check.ok) ? 0 : 1);
}
if (command === "example") {
    try {
        console.log((app ? writeExample(app, process.cwd()) : listExamples()).join("\n"));
    } catch (error) {
        fail((error as Error).message);
    }
    process.exit(0);
}
if (command !== "serve" || !app) fail(`jopi-rewrite: unknown command ${JSON.stringify(positionals.join(" "))}.\n\n${USAGE}`);

const workers = number(values.workers, "workers", defaultWorkers(process.platform, availableParallelism()));
const allowed = workersAllowed(process.platform, workers);
if (!allowed.allowed) fail(allowed.reason);

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
// Once, before the first worker listens: the setting matters from the first restart on.
if (process.platform === "linux" && !values["no-tcp-migrate"] && process.env.JOPI_REWRITE_NO_TCP_MIGRATE !== "1") {
    const line = enableTcpMigrate();
    if (line) say(line);
}
try {
    await supervisor.start();
} catch (error) {
    if (stopping) await new Promise(() => {}); // The shutdown under way exits.
    if (error instanceof Refusal) fail(error.message);
    if (!(error instanceof StartFailure)) throw error;
    fail(`jopi-rewrite: could not start ${app}: ${error.message}. Its last lines:\n${error.lastLines.map((line) => `    ${line}`).join("\n")}`);
}
