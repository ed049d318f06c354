// The Node.js version on the Performance page must be that of the node the bench started, not the
// one Bun reports about itself (`process.versions.node`). Only the machine that ran the bench can
// say which node that was, and tests also run elsewhere (CI), so this checks three things:
// - here, whatever machine this is, the bench's recording gives what `node --version` prints;
// - the recorded version is not the one Bun reports about itself, the mistake this guards against;
// - on the machine that ran the bench (same fingerprint), the record equals `node --version`,
//   so a node upgraded since the run makes this fail until the bench is run again. A record made
//   before fingerprints were taken has none, and only the first two checks apply to it.
import {expect, test} from "bun:test";
import type {BenchResults} from "../src/components/charts/types.ts";
import {machineFingerprint, machineInfo} from "./machine.ts";

const recorded = ((await Bun.file(`${import.meta.dir}/results/latest.json`).json()) as BenchResults).machine;

async function nodeVersionHere(): Promise<string> {
    const child = Bun.spawn(["node", "--version"], {stdout: "pipe"});
    return (await new Response(child.stdout).text()).trim();
}

test("the bench records the version of the node binary on PATH, as `node --version` prints it", async () => {
    expect(`v${(await machineInfo()).node}`).toBe(await nodeVersionHere());
});

test("bench/results/latest.json records a node binary's version, not the Node.js version Bun reports about itself", () => {
    expect(recorded.node).toMatch(/^\d+\.\d+\.\d+$/);
    expect(recorded.node).not.toBe(process.versions.node);
});

test.if(recorded.fingerprint === machineFingerprint())("on the machine that ran the bench, the recorded Node.js version is its `node --version`", async () => {
    expect(`v${recorded.node}`).toBe(await nodeVersionHere());
});
