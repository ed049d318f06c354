// Time from the file write to the first response carrying the new code, over 50 reloads.
import {contenders, launch, type Contender} from "./contenders.ts";

const RELOADS = Number(process.env.BENCH_RELOADS ?? 50);

export interface LatencyResult {name: string; minMs: number; medianMs: number; p95Ms: number; samples: number[]}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

export async function reloadLatency(contender: Contender): Promise<LatencyResult> {
    const app = await launch(contender);
    const samples: number[] = [];
    for (let i = 0; i < RELOADS; i++) {
        const written = performance.now();
        const version = app.edit();
        // One client asking again and again, as a browser refreshing would, but without pause.
        while ((await fetch(app.url).then((res) => res.text(), () => "")) !== version) {
            if (performance.now() - written > 10_000) throw new Error(`bench: ${contender.name} never served ${version}`);
        }
        samples.push(performance.now() - written);
        await Bun.sleep(50); // let the file watcher settle before the next save
    }
    await app.stop();
    const sorted = [...samples].sort((a, b) => a - b);
    const round = (ms: number) => Math.round(ms * 10) / 10;
    return {name: contender.name, minMs: round(sorted[0]!), medianMs: round(quantile(sorted, 0.5)), p95Ms: round(quantile(sorted, 0.95)), samples: samples.map(round)};
}

if (import.meta.main) {
    for (const contender of [contenders.jopiHot!, contenders.rawHot!, contenders.nodeWatch!]) {
        const {samples, ...summary} = await reloadLatency(contender);
        console.log(JSON.stringify(summary), `(${samples.length} reloads)`);
    }
}
