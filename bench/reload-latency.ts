// Time from the file write to the first response carrying the new code, 100 reloads per contender.
import {spawnSync} from "bun";
import type {LatencyResult} from "../src/components/charts/types.ts";
import {latencyContenders, launch, type Contender} from "./contenders.ts";
import {median} from "./load.ts";

const RELOADS = Number(process.env.BENCH_RELOADS ?? 100);
// The contenders take turns, a new process each turn, so that what drifts during the run (other
// processes, caches, the bench's own heap) and what differs from one process to the next weigh on
// each contender alike. Each turn's first reload counts like the others.
const ROUNDS = 10;

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const round = (ms: number, perMs = 10) => Math.round(ms * perMs) / perMs;

// The app runs on core 1; the polling client stays on core 0, so that the two never take turns on
// one core, as in the throughput runs. Returns a function that gives back the previous cores.
function pinSelfToCore0(): () => void {
    const previous = /list:\s*(\S+)/.exec(spawnSync(["taskset", "-pc", String(process.pid)]).stdout.toString())?.[1];
    spawnSync(["taskset", "-apc", "0", String(process.pid)]);
    return () => void (previous && spawnSync(["taskset", "-apc", previous, String(process.pid)]));
}

async function timeReloads(contender: Contender, reloads: number): Promise<number[]> {
    const app = await launch(contender);
    const samples: number[] = [];
    try {
        for (let i = 0; i < reloads; i++) {
            const written = performance.now();
            const version = app.edit();
            // One client asking again and again, as a browser refreshing would, but without pause.
            while ((await fetch(app.url).then((res) => res.text(), () => "")) !== version) {
                if (performance.now() - written > 10_000) throw new Error(`bench: ${contender.name} never served ${version}`);
            }
            samples.push(performance.now() - written);
            await Bun.sleep(50); // let the file watcher settle before the next save
        }
    } finally {
        await app.stop();
    }
    return samples;
}

/** Reload latency of each contender: min, median and 95th percentile over all its turns. */
export async function reloadLatencies(list: Contender[]): Promise<LatencyResult[]> {
    const samples = list.map(() => [] as number[]);
    const unpin = pinSelfToCore0();
    try {
        for (let r = 0; r < ROUNDS; r++) {
            for (const [i, contender] of list.entries()) samples[i]!.push(...await timeReloads(contender, Math.ceil(RELOADS / ROUNDS)));
        }
    } finally {
        unpin();
    }
    return list.map((contender, i) => {
        const sorted = [...samples[i]!].sort((a, b) => a - b);
        return {name: contender.name, minMs: round(sorted[0]!), medianMs: round(quantile(sorted, 0.5)), p95Ms: round(quantile(sorted, 0.95)), samples: samples[i]!.map((ms) => round(ms, 100))};
    });
}

if (import.meta.main) {
    const results = await reloadLatencies(latencyContenders);
    for (const {samples, ...summary} of results) console.log(JSON.stringify(summary), `(${samples.length} reloads)`);
    console.log(`jopi-rewrite / raw bun --hot: ${(median(results[0]!.samples) / median(results[1]!.samples)).toFixed(2)}x`);
}
