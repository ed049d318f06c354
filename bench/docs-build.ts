// Cold and warm `docusaurus build` time and peak memory, and the time of the sandbox check.
import {spawn} from "bun";
import {rmSync} from "node:fs";
import {join} from "node:path";
import {BUN, REPO_ROOT} from "hot-harness";
import type {CommandCost} from "../src/components/charts/types.ts";


async function timed(name: string, command: string[]): Promise<CommandCost> {
    const started = performance.now();
    const child = spawn(command, {cwd: REPO_ROOT, stdout: "ignore", stderr: "pipe"});
    const stderr = await new Response(child.stderr).text();
    const code = await child.exited;
    if (code !== 0) console.error(`bench: ${name} failed:\n${stderr.slice(-2000)}`);
    // ru_maxrss of the child: the largest of the process tree's members that were waited for.
    const peakMB = Math.round(Number(child.resourceUsage()!.maxRSS) / 2 ** 20); // Bun reports bytes
    return {name, seconds: Math.round((performance.now() - started) / 100) / 10, peakMB, ok: code === 0};
}

export async function docsCosts(): Promise<CommandCost[]> {
    for (const cache of [".docusaurus", "build", "node_modules/.cache"]) rmSync(join(REPO_ROOT, cache), {recursive: true, force: true});
    const docusaurus = join(REPO_ROOT, "node_modules/.bin/docusaurus");
    return [
        await timed("docusaurus build, cold", [docusaurus, "build"]),
        await timed("docusaurus build, warm", [docusaurus, "build"]),
        await timed("bun run sandbox --check", [BUN, "sandbox/runner/cli.ts", "--check", "--frozen"]),
    ];
}

if (import.meta.main) console.table(await docsCosts());
