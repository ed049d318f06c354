// 20 restarts under load: failed requests, non-2xx answers, the longest gap between two answers,
// for three kinds of client at once, each in a process of its own (bench/restart-load.ts): 64
// keep-alive GETs, 32 connection-per-request GETs (`Connection: close`, as health checks and curl
// do), 32 keep-alive POSTs with a 4 KB body. Side by side (bench/restart-contenders.ts):
// `jopi-rewrite serve --workers 2` with rolling restarts, `pm2 reload` in cluster mode, and a plain
// restart. The first two run with net.ipv4.tcp_migrate_req at 1 and at 0, each contender and its
// clients in a private network namespace, so the host's setting is never changed
// (bench/network-namespace.ts); where no namespace can be made, once each, on the host's.
import {mkdirSync, mkdtempSync, rmSync} from "node:fs";
import {join} from "node:path";
import type {RestartClientKind, RestartClientResult, RestartResult} from "../src/components/charts/types.ts";
import {freePort, REPO_ROOT} from "hot-harness";
import {hostNetwork, privateNetwork} from "./network-namespace.ts";
import {pm2Reload, restartContenders, type Contender} from "./restart-contenders.ts";
import {startRestartLoad} from "./restart-load.ts";

const RESTARTS = Number(process.env.BENCH_RESTARTS ?? 20);
const CLIENTS: Record<RestartClientKind, number> = {"keep-alive GET": 64, "connection per request": 32, "keep-alive POST, 4 KB": 32};

/** One run of the figure: a contender with tcp_migrate_req at `setting`, or on the host's network, for `hostReason`, when `setting` is null. */
export interface RestartRun {
    contender: Contender;
    setting: 0 | 1 | null;
    hostReason?: string;
}

/**
 * Each contender with each of its settings in a private network namespace; where none can be made
 * (`probe` says why), each contender once with the host's setting.
 * @example for (const run of await restartRuns()) console.log(await restartsUnderLoad(run));
 * @see https://jopi-rewrite.dev/docs/performance#restarts-under-load
 */
export async function restartRuns(): Promise<RestartRun[]> {
    const probe = await privateNetwork(0);
    await probe.close();
    if (probe.kind === "host") {
        console.log(`  no private network namespace (${probe.reason}): every contender runs once, with the host's tcp_migrate_req (${await probe.tcpMigrateReq()})`);
        return restartContenders.map((contender) => ({contender, setting: null, hostReason: probe.reason}));
    }
    return restartContenders.flatMap((contender) => contender.settings.map((setting) => ({contender, setting})));
}

/** RESTARTS restarts of one contender while every kind of client requests its page back to back, each from its own process. */
export async function restartsUnderLoad({contender, setting, hostReason}: RestartRun): Promise<RestartResult> {
    const network = setting === null ? hostNetwork(hostReason!) : await privateNetwork(setting);
    const root = join(REPO_ROOT, ".scratch");
    mkdirSync(root, {recursive: true});
    const dir = mkdtempSync(join(root, "bench-restart-"));
    const port = await freePort();
    try {
        const app = await contender.start(dir, port, network.wrap, setting);
        try {
            const url = `http://127.0.0.1:${port}/`;
            const kinds = Object.keys(CLIENTS) as RestartClientKind[];
            const loads = await Promise.all(kinds.map((kind) => startRestartLoad(kind, url, CLIENTS[kind], network.wrap)));
            const started = performance.now();
            await Bun.sleep(500);
            for (let n = 0; n < RESTARTS; n++) await app.restart();
            await Bun.sleep(500);
            const seen = await Promise.all(loads.map((load) => load.stop()));
            const seconds = (performance.now() - started) / 1000;
            const clients: RestartClientResult[] = seen.map((figures) => ({...figures, rps: Math.round(figures.requests / seconds)}));
            const tcpMigrateReq = await network.tcpMigrateReq();
            const where = `${network.kind === "host" ? "host, " : ""}${tcpMigrateReq === null ? "no tcp_migrate_req" : `tcp_migrate_req=${tcpMigrateReq}`}`;
            const {requests, failed, non2xx, longestGapMs, rps} = clients[0]!;
            return {name: `${contender.name}, ${where}`, restarts: RESTARTS, requests, failed, non2xx, longestGapMs, rps, seconds: Math.round(seconds), clients, tcpMigrateReq, network: {kind: network.kind, ...(network.reason ? {reason: network.reason} : {})}};
        } finally {
            await app.stop();
        }
    } finally {
        await network.close();
        rmSync(dir, {recursive: true, force: true});
    }
}

/**
 * The target: jopi-rewrite serve's first run (tcp_migrate_req at 1, or the host's) loses nothing, for any kind of client.
 * @example const [target] = restartTargets(results);
 * @see https://jopi-rewrite.dev/docs/performance#restarts-under-load
 */
export function restartTargets(results: RestartResult[]): {target: string; value: string; pass: boolean}[] {
    const lost = (result: RestartResult | undefined) => (result?.clients ?? []).reduce((sum, client) => sum + client.failed + client.non2xx, 0);
    const [jopi] = results;
    const pm2 = results.find((result) => result.name.startsWith(pm2Reload.name) && result.tcpMigrateReq === jopi?.tcpMigrateReq);
    const perKind = (jopi?.clients ?? []).map((client) => `${client.kind}: ${client.failed} failed, ${client.non2xx} non-2xx`).join("; ");
    return [{
        target: `0 failed requests over ${RESTARTS} rolling restarts, every kind of client (jopi-rewrite serve, tcp_migrate_req=${jopi?.tcpMigrateReq})`,
        value: `${perKind} (pm2 reload: ${lost(pm2)} lost)`,
        pass: jopi !== undefined && lost(jopi) === 0,
    }];
}

/** One line per kind of client of each run, for the console. */
export function printRestarts(results: RestartResult[]): void {
    for (const result of results) {
        console.log(`  ${result.name} (${result.restarts} restarts, ${result.seconds} s)`);
        for (const client of result.clients ?? []) {
            const errors = Object.entries(client.errors).map(([reason, n]) => `${n} ${reason}`).join(", ");
            console.log(`    ${`${client.clients} ${client.kind}`.padEnd(28)} ${String(client.requests).padStart(8)} requests ${String(client.rps).padStart(6)}/s  ${client.failed} failed${errors ? ` (${errors})` : ""}, ${client.non2xx} non-2xx, longest gap ${client.longestGapMs} ms, client CPU ${client.cpuShare}`);
        }
    }
}

if (import.meta.main) {
    const results: RestartResult[] = [];
    for (const run of await restartRuns()) results.push(await restartsUnderLoad(run));
    printRestarts(results);
}
