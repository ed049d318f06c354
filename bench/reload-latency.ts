// Time from the file write to the first response carrying the new code, 100 reloads per contender.
import {spawnSync} from "bun";
import type {BenchResults, LatencyResult, TargetResult} from "../src/components/charts/types.ts";
import {latencyContenders, launch, type Contender} from "./contenders.ts";
import {bootstrapInterval, median, printTargets, ratioTarget} from "./interval.ts";

// The contenders take turns, a new process each turn, so that what drifts during the run (other
// processes, caches, the bench's own heap) and what differs from one process to the next weigh on
// each contender alike. Each turn's first reload counts like the others. Each round gives the
// ratio of the first two contenders' medians of the turn, and the target is judged on their interval.
export const fullPlan = {rounds: 16, perTurn: Math.ceil(Number(process.env.BENCH_RELOADS ?? 128) / 16)};

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

/**
 * Reload latency of each contender: min, median and 95th percentile over all its turns; and each
 * round's median of the first contender over the second's.
 */
export async function reloadLatencies(list: Contender[], plan = fullPlan): Promise<{latency: LatencyResult[]; latencyRatio: NonNullable<BenchResults["latencyRatio"]>}> {
    const samples = list.map(() => [] as number[]);
    const ratios: number[] = [];
    const unpin = pinSelfToCore0();
    try {
        for (let r = 0; r < plan.rounds; r++) {
            const turns: number[][] = [];
            // The order alternates, so that neither of the two compared always follows the other.
            const order = [...list.keys()];
            if (r % 2) [order[0], order[1]] = [order[1]!, order[0]!];
            for (const i of order) samples[i]!.push(...(turns[i] = await timeReloads(list[i]!, plan.perTurn)));
            ratios.push(Number((median(turns[0]!) / median(turns[1]!)).toFixed(4)));
            console.log(`  round ${r + 1}  ${list[0]!.name} ${median(turns[0]!).toFixed(2)} ms, ${list[1]!.name} ${median(turns[1]!).toFixed(2)} ms: ${ratios.at(-1)!.toFixed(3)}x`);
        }
    } finally {
        unpin();
    }
    const latency = list.map((contender, i) => {
        const sorted = [...samples[i]!].sort((a, b) => a - b);
        return {name: contender.name, minMs: round(sorted[0]!), medianMs: round(quantile(sorted, 0.5)), p95Ms: round(quantile(sorted, 0.95)), samples: samples[i]!.map((ms) => round(ms, 100))};
    });
    return {latency, latencyRatio: {ratios, interval: bootstrapInterval(ratios)}};
}

/** The target: jopi-rewrite's reload latency within 1.2x raw bun --hot's, judged on the interval of the rounds' ratios. */
export function latencyTargets({latency, latencyRatio}: {latency: LatencyResult[]; latencyRatio: NonNullable<BenchResults["latencyRatio"]>}): TargetResult[] {
    return [ratioTarget("median reload latency within 1.2x of raw bun --hot", latencyRatio.ratios, {atMost: 1.2}, `${latency[0]!.medianMs} ms vs ${latency[1]!.medianMs} ms over all rounds`)];
}

if (import.meta.main) {
    const result = await reloadLatencies(latencyContenders);
    for (const {samples, ...summary} of result.latency) console.log(JSON.stringify(summary), `(${samples.length} reloads)`);
    printTargets(latencyTargets(result));
}
