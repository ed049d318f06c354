// Requests/s of jopi-rewrite against raw Bun.serve doing the same work, measured in the same run:
// alternating rounds, server and wrk on different cores, median of the rounds.
import {mkdirSync, writeFileSync} from "node:fs";
import {median, requireWrk, startServer, wrk} from "./load.ts";

const TARGET = 0.85;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const servers = {"raw Bun.serve": "bench/servers/raw-bun.ts", "jopi-rewrite": "bench/servers/jopi.ts"};
const scenarios = [
    {name: "plain route", path: "/", headers: {}},
    {name: "path parameter", path: "/user/42", headers: {}},
    {name: "cache hit, gzip", path: "/cached", headers: {"accept-encoding": "gzip"}},
    {name: "cache hit, brotli", path: "/cached", headers: {"accept-encoding": "gzip, deflate, br"}},
];

requireWrk();
const rounds: Record<string, Record<string, number[]>> = {};
for (let round = 1; round <= ROUNDS; round++) {
    for (const [server, file] of round % 2 ? Object.entries(servers) : Object.entries(servers).reverse()) {
        const {port, stop} = await startServer(file);
        for (const scenario of scenarios) {
            const url = `http://127.0.0.1:${port}${scenario.path}`;
            await wrk(url, {seconds: 1, headers: scenario.headers});
            const result = await wrk(url, {headers: scenario.headers});
            if (result.non2xx || result.errors) throw new Error(`bench: ${server} ${scenario.name}: ${result.non2xx} non-2xx, ${result.errors} socket errors`);
            ((rounds[scenario.name] ??= {})[server] ??= []).push(result.rps);
            console.log(`round ${round}  ${server.padEnd(14)} ${scenario.name.padEnd(18)} ${Math.round(result.rps)} req/s`);
        }
        await stop();
    }
}

console.log(`\n${"scenario".padEnd(20)}${"raw Bun.serve".padStart(15)}${"jopi-rewrite".padStart(15)}${"ratio".padStart(8)}  target >= ${TARGET}`);
let failed = 0;
for (const scenario of scenarios) {
    const raw = median(rounds[scenario.name]!["raw Bun.serve"]!);
    const jopi = median(rounds[scenario.name]!["jopi-rewrite"]!);
    const ratio = jopi / raw;
    if (ratio < TARGET) failed++;
    console.log(`${scenario.name.padEnd(20)}${Math.round(raw).toString().padStart(15)}${Math.round(jopi).toString().padStart(15)}${ratio.toFixed(2).padStart(8)}  ${ratio >= TARGET ? "PASS" : "FAIL"}`);
}
mkdirSync("bench/results", {recursive: true});
writeFileSync("bench/results/throughput.json", JSON.stringify({date: new Date().toISOString(), bun: Bun.version, rounds}, null, 2));
process.exitCode = failed ? 1 : 0;
