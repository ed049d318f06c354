// The machine a bench run measured on, and the version of every runtime and framework it
// compared, read from what the contenders actually run: the `node` and `bun` binaries they are
// started with, and the packages the servers import. Inside Bun, `process.versions.node` is the
// Node.js version Bun imitates, not the node that ran the `node --watch` contender.
import {createHash} from "node:crypto";
import {cpus, hostname, totalmem} from "node:os";
import {join} from "node:path";
import type {MachineInfo} from "../src/components/charts/types.ts";
import {contenders} from "./contenders.ts";

/**
 * The version `binary --version` prints, without node's leading "v"; `binary` is found on PATH as
 * the contenders' own commands are.
 *
 * @example await versionOf("node"); // "20.20.2"
 * @see https://jopi-rewrite.dev/docs/performance
 */
export async function versionOf(binary: string): Promise<string> {
    const child = Bun.spawn([binary, "--version"], {stdout: "pipe", stderr: "pipe"});
    const [out, code] = await Promise.all([new Response(child.stdout).text(), child.exited]);
    if (code !== 0) throw new Error(`bench: \`${binary} --version\` exited with code ${code}; is ${binary} installed and on PATH?`);
    return out.trim().replace(/^v/, "");
}

/** The version of the package that bench/servers imports under `name`. */
async function packageVersion(name: string): Promise<string> {
    const file = Bun.resolveSync(`${name}/package.json`, join(import.meta.dir, "servers"));
    return ((await Bun.file(file).json()) as {version: string}).version;
}

/**
 * A short hash of the machine's name and hardware: tells a check whether it runs on the machine
 * that ran the bench, without publishing that machine's name.
 *
 * @example machineFingerprint(); // "3f9c0a1b2d4e"
 * @see https://jopi-rewrite.dev/docs/performance
 */
export function machineFingerprint(): string {
    const hardware = [hostname(), cpus().length, cpus()[0]?.model, Math.round(totalmem() / 2 ** 30)].join("|");
    return createHash("sha256").update(hardware).digest("hex").slice(0, 12);
}

/**
 * The machine and the versions of what the contenders ran on, as bench/results/latest.json records them.
 *
 * @example const machine = await machineInfo(); // {cpus: 2, ..., bun: "1.4.5", node: "20.20.2", ...}
 * @see https://jopi-rewrite.dev/docs/performance
 */
export async function machineInfo(): Promise<MachineInfo> {
    const [bun, node, hono, elysia] = await Promise.all([
        versionOf(contenders.jopiHot!.command("")[0]!),
        versionOf(contenders.nodeWatch!.command("")[0]!),
        packageVersion("hono"),
        packageVersion("elysia"),
    ]);
    return {cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGB: Math.round(totalmem() / 2 ** 30), bun, node, hono, elysia, fingerprint: machineFingerprint()};
}
