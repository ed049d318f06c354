import {spawnSync} from "bun";

// How this process may run apt: as root, or through sudo without a password (as on hosted CI
// runners); undefined when it may not.
function aptPrefix(): string[] | undefined {
    if (Bun.which("apt-get") === null) return undefined;
    if (process.getuid?.() === 0) return [];
    if (Bun.which("sudo") !== null && spawnSync(["sudo", "-n", "true"], {stdout: "ignore", stderr: "ignore"}).exitCode === 0) return ["sudo", "-n"];
    return undefined;
}

export interface AptBinary {
    /** The program names to look for on PATH, in order (`["redis-server", "valkey-server"]`). */
    names: string[];
    /** The Debian packages that install it, the first one available wins (`nginx-light` is gone from newer releases). */
    pkgs: string[];
    /** Which tests need it, for the error: "The shared-cache tests". */
    neededBy: string;
}

/**
 * The path of a program the tests need. When it is not installed and this process may use apt
 * (root, or sudo without a password), installs its Debian package; otherwise throws with the
 * command to run. So `npm test` needs no manual step on a clean CI machine.
 *
 * @example const nginx = aptBinary({names: ["nginx"], pkgs: ["nginx-light", "nginx"], neededBy: "The nginx deployment tests"});
 */
export function aptBinary({names, pkgs, neededBy}: AptBinary): string {
    const find = () => names.map((name) => Bun.which(name) ?? Bun.which(name, {PATH: "/usr/sbin:/sbin"})).find((path) => path !== null);
    const found = find();
    if (found) return found;
    const install = `apt-get install -y ${pkgs[0]}`;
    const prefix = aptPrefix();
    if (prefix === undefined) {
        throw new Error(`${neededBy} need ${names[0]}, which is not installed. Install it with: sudo ${install}`);
    }
    const apt = (...args: string[]) => spawnSync([...prefix, "env", "DEBIAN_FRONTEND=noninteractive", "apt-get", ...args], {stdout: "pipe", stderr: "pipe"});
    const tryAll = () => {
        let run = apt("install", "-y", pkgs[0]!);
        for (const pkg of pkgs.slice(1)) if (run.exitCode !== 0) run = apt("install", "-y", pkg);
        return run;
    };
    let run = tryAll();
    // A fresh image has no package lists yet.
    if (run.exitCode !== 0) {
        apt("update");
        run = tryAll();
    }
    const installed = find();
    if (run.exitCode !== 0 || !installed) {
        throw new Error(`${neededBy} need ${names[0]}; "${install}" failed:\n${run.stderr.toString()}\nRun it yourself, then run the tests again.`);
    }
    return installed;
}
