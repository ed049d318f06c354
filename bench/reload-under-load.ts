// 64 keep-alive clients for 20 s while the app file is rewritten every 200 ms: failed requests,
// non-2xx answers, the longest gap between two answers, requests/s — for each way of reloading.
import type {UnderLoadResult} from "../src/components/charts/types.ts";
import {launch, underLoadContenders, type Contender} from "./contenders.ts";

const CLIENTS = 64;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const EDIT_EVERY_MS = 200;


export async function reloadUnderLoad(contender: Contender): Promise<UnderLoadResult> {
    const app = await launch(contender);
    let running = true;
    let requests = 0, failed = 0, non2xx = 0, last = performance.now(), longestGapMs = 0, edits = 0;
    const answered = () => {
        const now = performance.now();
        longestGapMs = Math.max(longestGapMs, now - last);
        last = now;
    };
    const client = async () => {
        while (running) {
            try {
                const res = await fetch(app.url);
                await res.arrayBuffer();
                requests++;
                if (res.status < 200 || res.status > 299) non2xx++;
                else answered();
            } catch {
                failed++;
                await Bun.sleep(5); // a refused connection fails at once: don't spin
            }
        }
    };
    const started = performance.now();
    last = started;
    const clients = Array.from({length: CLIENTS}, client);
    while (performance.now() - started < SECONDS * 1000) {
        await Bun.sleep(EDIT_EVERY_MS);
        app.edit();
        edits++;
    }
    running = false;
    await Promise.all(clients);
    const elapsed = (performance.now() - started) / 1000;
    await app.stop();
    return {name: contender.name, requests, failed, non2xx, longestGapMs: Math.round(longestGapMs), rps: Math.round(requests / elapsed), edits};
}

if (import.meta.main) {
    const results: UnderLoadResult[] = [];
    for (const contender of underLoadContenders) {
        const result = await reloadUnderLoad(contender);
        results.push(result);
        console.log(JSON.stringify(result));
    }
    console.table(results);
}
