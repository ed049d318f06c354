// Where the time of a reload goes, write to first response with the new code, cut in phases by
// timestamps the app itself records: until its first module runs (Bun's file watcher, and loading
// the import graph again), its imports, its own code up to listening, until the first request
// arrives, and that answer's way back. Each app takes turns over ROUNDS rounds, as in
// reload-latency.ts. `bun bench/reload-phases.ts` (RELOADS=25 per turn by default).
import {spawn, spawnSync} from "bun";
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {BUN, endWithThisProcess, freePort, killGroup, REPO_ROOT} from "hot-harness";
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
};
const PHASES = ["to first module", "imports", "app to listening", "to first request", "answer back", "total"];

async function timeReloads(source: string): Promise<number[][]> {
    const root = join(REPO_ROOT, ".scratch");
    mkdirSync(root, {recursive: true});
    const dir = mkdtempSync(join(root, "bench-"));
    const file = join(dir, "app.ts");
    writeFileSync(join(dir, "start.ts"), START);
    writeFileSync(file, source);
    const port = await freePort();
    const child = spawn(["taskset", "-c", "1", BUN, "--hot", "--no-clear-screen", file], {cwd: dir, env: {...process.env, PORT: String(port)}, stdout: "ignore", stderr: "inherit", detached: true});
    endWithThisProcess(child);
    const url = `http://127.0.0.1:${port}/`;
    const rows: number[][] = [];
    try {
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
    } finally {
        killGroup(child.pid, "SIGKILL");
        await child.exited;
        rmSync(dir, {recursive: true, force: true});
    }
    return rows;
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
