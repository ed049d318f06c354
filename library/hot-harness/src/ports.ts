import {createServer} from "node:net";

/**
 * A TCP port that is free on 127.0.0.1 right now, chosen by the kernel, so that parallel tests
 * and checks never fight over a fixed number and no root is needed.
 */
export function freePort(): Promise<number> {
    return new Promise((resolvePort, reject) => {
        const server = createServer();
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const address = server.address();
            const port = typeof address === "object" && address ? address.port : 0;
            server.close(() => resolvePort(port));
        });
    });
}

/**
 * Waits until `port` accepts connections on 127.0.0.1; throws with `failure()` once `child` has
 * exited or `timeoutMs` have passed. How a test knows a server it started is up.
 * @example await untilAccepting(6379, child, 10_000, async () => `redis-server did not start:\n${await output}`);
 */
export async function untilAccepting(port: number, child: {readonly exitCode: number | null}, timeoutMs: number, failure: () => Promise<string>): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await accepts(port))) {
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(await failure());
        await Bun.sleep(20);
    }
}

async function accepts(port: number): Promise<boolean> {
    try {
        const socket = await Bun.connect({hostname: "127.0.0.1", port, socket: {data() {}}});
        socket.end();
        return true;
    } catch {
        return false;
    }
}
