import {spawn, type Subprocess} from "bun";
import {aptBinary} from "./apt-package.ts";
import {freePort, untilAccepting} from "./ports.ts";
import {killGroup, trackServer, untrackServer} from "./reaper.ts";

/**
 * The path of `redis-server` (or `valkey-server`), installed with apt when missing and allowed
 * (see `aptBinary`).
 *
 * @example const binary = redisBinary(); // "/usr/bin/redis-server"
 */
export function redisBinary(): string {
    return aptBinary({names: ["redis-server", "valkey-server"], pkgs: ["redis-server"], neededBy: "The shared-cache tests"});
}

/** How to start a test server: its port, extra `redis-server` arguments, the password it asks for. */
export interface RedisServerOptions {
    /** Default: a free port. */
    port?: number;
    /** Extra arguments, e.g. `["--tls-port", "6380", ...]`. */
    args?: string[];
    /** Started with `--requirepass`; `url` and `command()` then carry it. */
    password?: string;
}

/** A `redis-server` on a free loopback port, without persistence, owned by the test that started it. */
export class RedisServer {
    #child: Subprocess | undefined;

    private constructor(readonly binary: string, readonly port: number, readonly args: string[], readonly password: string | undefined) {}

    /** The address clients connect to: `redis://127.0.0.1:PORT`, or `redis://:PASSWORD@127.0.0.1:PORT`. */
    get url(): string {
        const credentials = this.password === undefined ? "" : `:${encodeURIComponent(this.password)}@`;
        return `redis://${credentials}127.0.0.1:${this.port}`;
    }

    /**
     * Starts a server on a free port (or `options.port`) and waits until it answers.
     *
     * @example const redis = await RedisServer.start(); ...; await redis.stop();
     * @example const locked = await RedisServer.start({password: "secret"}); // locked.url has it
     */
    static async start(options: number | RedisServerOptions = {}): Promise<RedisServer> {
        const {port, args = [], password} = typeof options === "number" ? {port: options} : options;
        const extra = password === undefined ? args : [...args, "--requirepass", password];
        const server = new RedisServer(redisBinary(), port ?? (await freePort()), extra, password);
        await server.resume();
        return server;
    }

    /** Starts it again on the same port after `stop()` (an empty server: nothing is persisted). */
    async resume(): Promise<void> {
        if (this.#child) return;
        const child = spawn([this.binary, "--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", ...this.args], {
            stdin: "ignore",
            stdout: "pipe",
            stderr: "pipe",
            detached: true,
        });
        this.#child = child;
        trackServer(child);
        // Read all along, so that a full pipe never blocks the server; shown if it fails to start.
        const output = new Response(child.stdout).text();
        await untilAccepting(this.port, child, 10_000, async () => {
            await this.stop();
            return `redis-server did not start on port ${this.port}:\n${await output}`;
        });
    }

    /** Runs a command with a throw-away client and returns its reply. */
    async command(command: string, args: string[] = []): Promise<unknown> {
        const client = new Bun.RedisClient(this.url, {autoReconnect: false});
        try {
            return await client.send(command, args);
        } finally {
            client.close();
        }
    }

    /**
     * Resolves once `channel` has at least `count` subscribers: a client may report itself
     * connected before its subscription is in place, and would miss what is published meanwhile.
     */
    async subscribed(channel: string, count: number, timeoutMs = 10_000): Promise<void> {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
            const [, subscribers] = (await this.command("PUBSUB", ["NUMSUB", channel])) as [string, number];
            if (subscribers >= count) return;
            if (Date.now() > deadline) throw new Error(`${channel} has ${subscribers} subscriber(s) after ${timeoutMs} ms, not ${count}`);
            await Bun.sleep(5);
        }
    }

    /** Freezes the server (SIGSTOP): connections stay open and nothing answers, like a hung host. */
    pause(): void {
        if (this.#child) killGroup(this.#child.pid, "SIGSTOP");
    }

    /** Lets a paused server go on (SIGCONT). */
    unpause(): void {
        if (this.#child) killGroup(this.#child.pid, "SIGCONT");
    }

    /** Ends the server (the whole group) and waits for its exit. Safe to call twice. */
    async stop(): Promise<void> {
        const child = this.#child;
        if (!child) return;
        this.#child = undefined;
        killGroup(child.pid, "SIGKILL");
        await child.exited;
        untrackServer(child);
    }
}
