// @bun
// The entry of each worker of `jopi-rewrite serve`, run under `bun --hot` with the app's path as its
// argument. Under --hot, an app that throws at its first evaluation does not exit: the process waits
// for a fix and never listens, which a supervisor could only notice by a timeout. This entry turns
// that first failure into an exit, so a broken new version is seen at once and the restart stops.
// A failure at a later reload is rethrown: as under plain --hot, it is shown and the previous
// version keeps serving. Plain JavaScript marked `// @bun`, like index.js: no transpiling per reload.
// It also gives the library the port claim (port-claim.ts), loaded once per process and only here:
// the library itself, which also runs in a browser page, never loads it.
const STARTED = Symbol.for("jopi-rewrite.worker-started");
const first = !globalThis[STARTED];
globalThis[STARTED] = true;
const portClaim = first ? import.meta.require("./port-claim.ts") : undefined;
if (portClaim) globalThis[Symbol.for("jopi-rewrite.claim-port")] = portClaim.claimPort;
try {
    await import(process.argv[2]);
} catch (error) {
    if (!first) throw error;
    // A port served by another app: the supervisor, told why, says it in one line.
    if (error?.code !== portClaim.PORT_TAKEN) console.error(error);
    process.exit(1);
}
