// Where the time of a reload goes, write to first response with the new code, cut in phases by
// timestamps the app itself records: until its first module runs (Bun's file watcher, and loading
// the import graph again), its imports, its own code up to listening, until the first request
// arrives, and that answer's way back. Each app takes turns over ROUNDS rounds, as in
// reload-latency.ts. Then what a function kept across reloads costs at its first call after one.
// `bun bench/reload-phases.ts` (RELOADS=25 per turn by default).
import {spawn, spawnSync} from "bun";
import {mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {endWithThisProcess, freePort, killGroup} from "hot-harness";
import {hot} from "./contenders.ts";
import {installedRoot} from "./installed-library.ts";
import {median} from "./load.ts";

const RELOADS = Number(process.env.RELOADS ?? 25);
const ROUNDS = 4;
const now = "performance.timeOrigin + performance.now()";
// Imported first, so evaluated first: the moment the new version of the code starts to run.
const START = `(globalThis as any).started = ${now};\n`;
// The first answer of each version carries the timestamps in a header.
const stamp = `const stamp = (r: Response) => { if (first) { first = false; r.headers.set("x-t", [(globalThis as any).started, imported, listening, ${now}].join(" ")); } return r; };\nlet first = true;`;
const apps: Record<string, string> = {
    "jopi-rewrite": `import "./start.ts";\nimport {JopiServer, WebSite} from "jopi-rewrite";\nconst imported = ${now};\n${stamp}\nconst server = new JopiServer();\nserver.addWebsite(new WebSite("http://127.0.0.1")).onGET("/", () => stamp(new Response("VERSION")));\nserver.startServer();\nconst listening = ${now};\n`,
    "jopi-rewrite, listening on 127.0.0.1 only": `import "./start.ts";\nimport {JopiServer, WebSite} from "jopi-rewrite";\nconst imported = ${now};\n${stamp}\nconst server = new JopiServer();\nserver.addWebsite(new WebSite("http://127.0.0.1", {listen: "127.0.0.1"})).onGET("/", () => stamp(new Response("VERSION")));\nserver.startServer();\nconst listening = ${now};\n`,
    "raw Bun.serve importing jopi-rewrite": `import "./start.ts";\nimport {JopiServer} from "jopi-rewrite";\nvoid JopiServer;\nconst imported = ${now};\n${stamp}\nBun.serve({port: Number(process.env.PORT), fetch: () => stamp(new Response("VERSION"))});\nconst listening = ${now};\n`,
    "raw Bun.serve": `import "./start.ts";\nconst imported = ${now};\n${stamp}\nBun.serve({port: Number(process.env.PORT), fetch: () => stamp(new Response("VERSION"))});\nconst listening = ${now};\n`,
    // No library at all: 100 small functions made once per process, each called 3 times by every
    // version, about what the library runs per version. What this row adds to "to first module"
    // over raw Bun.serve is Bun's price, at the next reload, for code that ran in the previous one.
    "raw Bun.serve running 100 kept functions": `import "./start.ts";\nconst imported = ${now};\n${stamp}\nconst g = globalThis as any;\ng.fns ??= Array.from({length: 100}, (_, i) => new Function("a", "let s = 0; for (let k = 0; k < a; k++) s += k * " + i + "; return s;"));\nfor (const f of g.fns) for (let k = 0; k < 3; k++) f(3);\nBun.serve({port: Number(process.env.PORT), fetch: () => stamp(new Response("VERSION"))});\nconst listening = ${now};\n`,
};
const PHASES = ["to first module", "imports", "app to listening", "to first request", "answer back", "total"];

/** Runs `files` (app.ts the entry) under `bun --hot` on core 1 while `measure` edits app.ts; ends it whatever happens. */
async function withHotApp<T>(files: Record<string, string>, measure: (file: string, url: string) => Promise<T>): Promise<T> {
    const dir = mkdtempSync(join(installedRoot(), "bench-"));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const file = join(dir, "app.ts");
    const port = await freePort();
    const child = spawn(["taskset", "-c", "1", ...hot(file)], {cwd: dir, env: {...process.env, PORT: String(port)}, stdout: "ignore", stderr: "inherit", detached: true});
    endWithThisProcess(child);
    try {
        return await measure(file, `http://127.0.0.1:${port}/`);
    } finally {
        killGroup(child.pid, "SIGKILL");
        await child.exited;
        rmSync(dir, {recursive: true, force: true});
    }
}

function timeReloads(source: string): Promise<number[][]> {
    return withHotApp({"start.ts": START, "app.ts": source}, async (file, url) => {
        const rows: number[][] = [];
        for (let tries = 0; (await fetch(url).then((res) => res.text(), () => "")) !== "VERSION"; tries++) {
            if (tries > 200) throw new Error(`bench: ${file} did not answer on ${url} within 5 s`);
            await Bun.sleep(25);
        }
        for (let i = 1; i <= RELOADS; i++) {
            const written = performance.timeOrigin + performance.now();
            writeFileSync(file, source.replace("VERSION", `v${i}`));
            let stamps = "";
            while (!stamps) {
                const res = await fetch(url).catch(() => undefined);
                if (res && (await res.text()) === `v${i}`) stamps = res.headers.get("x-t") ?? "";
            }
            const times = [written, ...stamps.split(" ").map(Number), performance.timeOrigin + performance.now()];
            rows.push([...times.slice(1).map((time, k) => time - times[k]!), times[times.length - 1]! - written]);
            await Bun.sleep(50);
        }
        return rows;
    });
}

// After a reload, a function kept on globalThis (as the library's implementation is) runs its
// first call about ten times slower than its second, as a function that never ran does: what Bun
// had compiled of it is gone. So whatever a library does at each reload, and on the first request
// after it, runs at that price, however little it is.
const KEPT_FUNCTION = `const g = globalThis as any;
g.work ??= (n: number) => { const seen = new Map<string, number>(); for (let i = 0; i < n; i++) { const path = new URL("http://127.0.0.1:" + (3000 + i) + "/a?b=" + i).pathname; seen.set(path, (seen.get(path) ?? 0) + 1); } return seen.size; };
const t0 = performance.now(); g.work(3); const t1 = performance.now(); g.work(3); const t2 = performance.now();
g.calls = [t1 - t0, t2 - t1];
g.server ??= Bun.serve({port: Number(process.env.PORT), fetch: () => new Response(g.version + " " + JSON.stringify(g.calls))});
g.version = "VERSION";
`;

/** The first and the second call of a function kept on globalThis, in µs, after each reload. */
function keptFunctionCalls(): Promise<number[][]> {
    return withHotApp({"app.ts": KEPT_FUNCTION}, async (file, url) => {
        const calls: number[][] = [];
        for (let i = 0; i <= RELOADS * ROUNDS; i++) {
            if (i > 0) writeFileSync(file, KEPT_FUNCTION.replace("VERSION", `v${i}`));
            const version = i > 0 ? `v${i}` : "VERSION";
            let said = "";
            for (const deadline = Date.now() + 5000; !said.startsWith(`${version} `); said = await fetch(url).then((res) => res.text(), () => "")) {
                if (Date.now() > deadline) throw new Error(`bench: the app with a kept function never answered ${version} on ${url}`);
            }
            if (i > 0) calls.push((JSON.parse(said.slice(version.length + 1)) as number[]).map((ms) => ms * 1000));
            await Bun.sleep(50);
        }
        return calls;
    });
}

// The client on core 0, the apps on core 1, as in reload-latency.ts.
spawnSync(["taskset", "-apc", "0", String(process.pid)]);
const rows: Record<string, number[][]> = {};
for (let round = 0; round < ROUNDS; round++) {
    for (const [name, source] of Object.entries(apps)) (rows[name] ??= []).push(...await timeReloads(source));
}
console.log(`median ms over ${ROUNDS * RELOADS} reloads each:\n${"".padEnd(44)}${PHASES.map((phase) => phase.padStart(18)).join("")}`);
for (const [name, samples] of Object.entries(rows)) {
    console.log(`${name.padEnd(44)}${PHASES.map((_, k) => median(samples.map((row) => row[k]!)).toFixed(3).padStart(18)).join("")}`);
}
const kept = await keptFunctionCalls();
const [first, second] = [0, 1].map((k) => median(kept.map((row) => row[k]!)).toFixed(1));
console.log(`a function kept on globalThis, after each of ${kept.length} reloads: first call ${first} µs, second call ${second} µs (median)`);
