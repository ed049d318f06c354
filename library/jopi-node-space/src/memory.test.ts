import {afterEach, expect, test} from "bun:test";
import {endAll, startHot} from "hot-harness";
import {reloadTo, version} from "../test/test-program.ts";

afterEach(endAll);

const perVersion = `const perVersion = new Map(Array.from({length: 2000}, (_, i) => [i, "entry " + i + " of " + g]));`;
const report = `if (g % 100 === 0) { Bun.gc(true); console.log(\`rss at \${g} \${process.memoryUsage().rss}\`); }`;

// What the seed page warns about: every version leaves a timer and a process listener behind,
// each holding that version's data.
const naive = [perVersion, `setInterval(() => perVersion.size, 1000);`, `process.on("SIGUSR2", () => perVersion.size);`, report];

// The same module written with NodeSpace: kept state, a listener and a reload-safe timer.
const clean = [
    `const stats = NodeSpace.app.keepOnHotReload("stats", () => ({loads: 0}));`,
    `stats.loads++;`,
    perVersion,
    `NodeSpace.app.onHotReload(() => perVersion.clear());`,
    `NodeSpace.timer.newInterval(1000, () => perVersion.size);`,
    report,
];

/** RSS after 100 and after 400 reloads of a module. */
async function rssOver400Reloads(lines: string[]): Promise<[number, number]> {
    const body = lines.join("\n");
    const app = startHot({files: {"index.ts": version(1, body)}});
    await app.stdout.waitFor("loaded 1 ");
    for (let n = 2; n <= 401; n++) await reloadTo(app, n, body);
    const rss = (g: number) => Number(app.stdout.lines.find((line) => line.startsWith(`rss at ${g} `))!.split(" ")[3]);
    await app.stop();
    return [rss(100), rss(400)];
}

const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

test("RSS after 400 reloads stays within a few MB of RSS after 100, where a naive module leaks", async () => {
    const [naive100, naive400] = await rssOver400Reloads(naive);
    const [clean100, clean400] = await rssOver400Reloads(clean);
    console.log(`memory over reloads, RSS after 100 -> after 400:`);
    console.log(`  naive module (setInterval + process.on): ${mb(naive100)} -> ${mb(naive400)} MB (+${mb(naive400 - naive100)})`);
    console.log(`  with jopi-node-space:                    ${mb(clean100)} -> ${mb(clean400)} MB (+${mb(clean400 - clean100)})`);
    expect(naive400 - naive100).toBeGreaterThan(20 * 2 ** 20);
    expect(clean400 - clean100).toBeLessThan(6 * 2 ** 20);
}, 120_000);
