import {expect} from "bun:test";
import {spawnSync} from "bun";
import {mkdtempSync, readFileSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {REPO_ROOT, NginxServer, freePort, nginxBinary, opensslBinary, startHot, type HotProcess} from "hot-harness";

/** The folder of the deployment recipe: shop.conf, app.ts, page.ts. */
export const RECIPE = join(REPO_ROOT, "deploy/nginx");

/**
 * Why the recipe cannot run on this machine (no nginx or openssl, and apt may not install them),
 * or undefined when it can. Tests skip by name with it.
 *
 * @example test.skipIf(recipeMissing() !== undefined)("through nginx", ...);
 */
export function recipeMissing(): string | undefined {
    try {
        nginxBinary();
        opensslBinary();
        return undefined;
    } catch (error) {
        return (error as Error).message;
    }
}

/** The recipe's config with only what a test machine needs changed: each line is found exactly once. */
function siteConfig(ports: {http: number; https: number; upstream: number}, certDir: string): string {
    let config = readFileSync(join(RECIPE, "shop.conf"), "utf8");
    const swap = (from: string, to: string, times = 1) => {
        expect(config.split(from).length - 1, `shop.conf has "${from}" ${times} time(s)`).toBe(times);
        config = config.replaceAll(from, to);
    };
    swap("listen 80;", `listen 127.0.0.1:${ports.http};`);
    swap("listen 443 ssl;", `listen 127.0.0.1:${ports.https} ssl;`);
    swap("server 127.0.0.1:3000 ", `server 127.0.0.1:${ports.upstream} `, 2);
    swap("/etc/letsencrypt/live/shop.example.com/fullchain.pem", join(certDir, "cert.pem"));
    swap("/etc/letsencrypt/live/shop.example.com/privkey.pem", join(certDir, "key.pem"));
    return config;
}

function selfSignedCertificate(): string {
    const dir = mkdtempSync(join(tmpdir(), "shop-tls-"));
    const made = spawnSync([opensslBinary(), "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=shop.example.com",
        "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")], {stdout: "pipe", stderr: "pipe"});
    if (made.exitCode !== 0) throw new Error(`openssl could not make a test certificate:\n${made.stderr.toString()}`);
    return dir;
}

/** The recipe running: `jopi-rewrite serve app.ts --workers 2` behind a real nginx on `http` and `https`. */
export interface RunningRecipe {
    app: HotProcess;
    nginx: NginxServer;
    http: number;
    https: number;
    /** Ends nginx and the app, and removes the test certificate. */
    stop(): Promise<void>;
}

/**
 * Starts the recipe as the production page shows it: a scratch copy of deploy/nginx served by
 * `jopi-rewrite serve app.ts --workers 2`, and nginx with shop.conf in front, on free ports.
 *
 * @example const recipe = await startRecipe(); ...; await recipe.stop();
 */
export async function startRecipe(): Promise<RunningRecipe> {
    const ports = {upstream: await freePort(), http: await freePort(), https: await freePort()};
    const certs = selfSignedCertificate();
    const app = startHot({copyFrom: RECIPE, entry: join(REPO_ROOT, "node_modules/.bin/jopi-rewrite"), mode: "none", args: ["serve", "app.ts", "--workers", "2"], env: {PORT: String(ports.upstream)}});
    let nginx: NginxServer | undefined;
    const stop = async () => {
        await nginx?.stop();
        await app.stop();
        rmSync(certs, {recursive: true, force: true});
    };
    try {
        await app.stdout.waitFor(/ 2 worker\(s\) of app\.ts answer on port /, {timeoutMs: 20_000});
        nginx = await NginxServer.start(siteConfig(ports, certs), [ports.http, ports.https]);
    } catch (error) {
        await stop();
        throw error;
    }
    return {app, nginx, http: ports.http, https: ports.https, stop};
}
