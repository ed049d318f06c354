import {spawn, type Subprocess} from "bun";
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {aptBinary} from "./apt-package.ts";
import {killGroup, trackServer, untrackServer} from "./reaper.ts";
import {untilAccepting} from "./ports.ts";

/**
 * The path of `openssl`, for the test certificates of an nginx that ends TLS; installed as nginx is.
 *
 * @example const openssl = opensslBinary(); // "/usr/bin/openssl"
 */
export function opensslBinary(): string {
    return aptBinary({names: ["openssl"], pkgs: ["openssl"], neededBy: "The nginx deployment tests"});
}

/**
 * The path of `nginx`, installed with apt (Debian's `nginx-light`, or `nginx` where that is gone)
 * when missing and allowed (see `aptBinary`).
 *
 * @example const binary = nginxBinary(); // "/usr/sbin/nginx"
 */
export function nginxBinary(): string {
    return aptBinary({names: ["nginx"], pkgs: ["nginx-light", "nginx"], neededBy: "The nginx deployment tests"});
}

// What a user process needs around a site's configuration: everything nginx writes goes into the
// run's own folder, none of it into /var. Root's workers would otherwise run as `nobody`, which
// cannot enter a private temp folder.
const mainConfig = (dir: string, site: string) => `${process.getuid?.() === 0 ? "user root;\n" : ""}daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events {
    worker_connections 1024;
}
http {
    access_log off;
    client_body_temp_path ${dir}/body;
    proxy_temp_path ${dir}/proxy;
    fastcgi_temp_path ${dir}/fastcgi;
    uwsgi_temp_path ${dir}/uwsgi;
    scgi_temp_path ${dir}/scgi;
    include ${site};
}
`;

/** An nginx run by the test that started it, as a user process in a folder of its own. */
export class NginxServer {
    private constructor(readonly dir: string, private readonly child: Subprocess<"ignore", "pipe", "pipe">) {}

    /**
     * Starts nginx with `site` (what goes in `http {}`: upstreams, servers) and waits until each
     * of `ports` accepts connections on 127.0.0.1.
     *
     * @example const nginx = await NginxServer.start(siteConfig, [8080]); ...; await nginx.stop();
     */
    static async start(site: string, ports: number[]): Promise<NginxServer> {
        const binary = nginxBinary();
        const dir = mkdtempSync(join(tmpdir(), "nginx-"));
        writeFileSync(join(dir, "site.conf"), site);
        writeFileSync(join(dir, "nginx.conf"), mainConfig(dir, join(dir, "site.conf")));
        const child = spawn([binary, "-p", dir, "-c", join(dir, "nginx.conf"), "-e", join(dir, "error.log")], {
            stdin: "ignore",
            stdout: "pipe",
            stderr: "pipe",
            detached: true,
        });
        trackServer(child);
        const server = new NginxServer(dir, child);
        const output = new Response(child.stderr).text();
        for (const port of ports) {
            await untilAccepting(port, child, 10_000, async () => {
                const log = server.errorLog();
                await server.stop();
                return `nginx did not start on port ${port}:\n${await output}${log}`;
            });
        }
        return server;
    }

    /** What nginx wrote in its error log so far (warnings and errors). */
    errorLog(): string {
        try {
            return readFileSync(join(this.dir, "error.log"), "utf8");
        } catch {
            return "";
        }
    }

    /** Ends nginx (its whole group), waits for its exit, and removes its folder. Safe to call twice. */
    async stop(): Promise<void> {
        killGroup(this.child.pid, "SIGKILL");
        await this.child.exited;
        untrackServer(this.child);
        rmSync(this.dir, {recursive: true, force: true});
    }
}
