// A focused look at one route: requests per CPU-second of each server given, over those of raw
// Bun.serve serving the same pre-compressed page at the same time on the same core (as
// throughput.ts measures), for ROUNDS rounds taken in turn, the order reversed every other round.
// For comparing two versions of the hit path on a shared machine, where a figure taken alone
// moves by more than the difference to see.
//
//   bun bench/hit-path.ts --rounds 12 --encoding br --unpipelined \
//     memory=bench/servers/jopi.ts shared=bench/servers/jopi-shared.ts "memory, same handler=bench/servers/jopi-shared.ts:CACHE=memory"
//
// Each server is NAME=FILE, with :ENV=VALUE,... after the file for its environment. A server file
// whose name has "shared" gets a redis-server of its own (REDIS_URL).
import {readFileSync} from "node:fs";
import {parseArgs} from "node:util";
import {RedisServer} from "hot-harness";
import {median, requireWrk, startServer, wrk} from "./load.ts";

const {values: flags, positionals: specs} = parseArgs({allowPositionals: true, options: {rounds: {type: "string", default: "10"}, encoding: {type: "string", default: "gzip"}, unpipelined: {type: "boolean", default: false}}});
const headers = {"accept-encoding": flags.encoding === "br" ? "gzip, deflate, br" : "gzip"};
const cpuSeconds = (pid: number) => Number(readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ")[0]) / 1e9;
const load = (port: number, seconds: number) => wrk(`http://127.0.0.1:${port}/cached`, {seconds, connections: 32, headers, pipelined: !flags.unpipelined});

requireWrk();
const parsed = specs.map((spec) => {
    const [name, rest] = [spec.slice(0, spec.indexOf("=")), spec.slice(spec.indexOf("=") + 1)];
    const [file, envs = ""] = rest.split(":") as [string, string?];
    if (!name || !file) throw new Error(`bench: ${JSON.stringify(spec)} is not NAME=FILE[:ENV=VALUE,...]`);
    return {name, file, env: Object.fromEntries(envs.split(",").filter(Boolean).map((pair) => pair.split("=") as [string, string]))};
});
const redis = parsed.some(({file}) => file.includes("shared")) ? await RedisServer.start() : undefined;
const running: Awaited<ReturnType<typeof startServer>>[] = [];
const ratios: Record<string, number[]> = {};
try {
    const raw = await startServer("bench/servers/raw-bun.ts");
    running.push(raw);
    const servers = [];
    for (const {name, file, env} of parsed) {
        const server = await startServer(file, "1", redis ? {REDIS_URL: redis.url, ...env} : env);
        running.push(server);
        servers.push({name, server});
    }
    for (const server of running) await load(server.port, 1);
    for (let round = 1; round <= Number(flags.rounds); round++) {
        for (const {name, server} of round % 2 ? servers : [...servers].reverse()) {
            const before = [cpuSeconds(raw.pid), cpuSeconds(server.pid)];
            const [base, measured] = await Promise.all([load(raw.port, 2), load(server.port, 2)]);
            if (base!.non2xx || measured!.non2xx || base!.errors || measured!.errors) throw new Error(`bench: ${name}: non-2xx answers or socket errors`);
            const ratio = measured!.rps / (cpuSeconds(server.pid) - before[1]!) / (base!.rps / (cpuSeconds(raw.pid) - before[0]!));
            (ratios[name] ??= []).push(ratio);
            console.log(`  round ${round}  ${name.padEnd(24)} ${ratio.toFixed(3)}x raw Bun.serve`);
        }
    }
} finally {
    await Promise.all(running.map((server) => server.stop()));
    await redis?.stop();
}
for (const [name, values] of Object.entries(ratios)) console.log(`${name.padEnd(24)} median ${median(values).toFixed(3)}x raw  [${values.map((value) => value.toFixed(3)).join(" ")}]`);
