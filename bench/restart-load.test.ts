// The restart bench's clients, from their own process, against a server here that answers one
// connection in three whole, cuts the next in the middle of its answer, and closes the third
// without a word: only whole answers count as requests, everything else as failed, never retried.
// And the private network the bench runs them in: the setting holds inside, the host keeps its own.
import {afterAll, expect, test} from "bun:test";
import {existsSync, readFileSync} from "node:fs";
import {createServer, type Socket} from "node:net";
import {privateNetwork} from "./network-namespace.ts";
import {startRestartLoad} from "./restart-load.ts";

const SETTING = "/proc/sys/net/ipv4/tcp_migrate_req";
const whole = "HTTP/1.1 200 OK\r\ncontent-length: 7\r\nconnection: close\r\n\r\nVERSION";
let connections = 0;
const server = createServer((socket: Socket) => {
    const turn = connections++ % 3;
    socket.once("data", () => {
        if (turn === 0) socket.end(whole);
        else if (turn === 1) socket.end(whole.slice(0, -3));
        else socket.destroy();
    });
    socket.on("error", () => {});
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const url = `http://127.0.0.1:${(server.address() as {port: number}).port}/`;
afterAll(() => server.close());

test("a connection-per-request client counts whole answers as requests and every cut or silent close as a failure", async () => {
    const load = await startRestartLoad("connection per request", url, 4, []);
    await Bun.sleep(500);
    const seen = await load.stop();
    expect(seen.requests).toBeGreaterThan(20);
    // Two failures per whole answer, give or take the connections each client had under way at the start and at the end.
    expect(Math.abs(seen.failed - 2 * seen.requests)).toBeLessThanOrEqual(3 * 4 + 2);
    expect(seen.errors["connection closed by the server"]).toBe(seen.failed);
    expect(seen.non2xx).toBe(0);
}, 20_000);

const setting = existsSync(SETTING) ? readFileSync(SETTING, "utf8").trim() : undefined;
const probe = setting === undefined ? undefined : await privateNetwork(setting === "1" ? 0 : 1);
const why = probe === undefined ? `${SETTING} does not exist` : probe.kind === "host" ? probe.reason : undefined;
if (why) console.log(`skipped: a private network namespace with tcp_migrate_req set (${why})`);
afterAll(() => probe?.close());

test.skipIf(why !== undefined)("in the bench's private network the other tcp_migrate_req holds, and the host keeps its own", async () => {
    expect(await probe!.tcpMigrateReq()).toBe(setting === "1" ? 0 : 1);
    expect(readFileSync(SETTING, "utf8").trim()).toBe(setting!);
});
