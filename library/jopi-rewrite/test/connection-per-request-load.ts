/**
 * A load of clients that open a connection per request, as health checks and curl do, run as a
 * process of its own: `bun connection-per-request-load.ts <port> <clients>`. It prints `answered`
 * after the first answer; on SIGTERM, it finishes the requests under way and prints its counts as
 * one JSON line. A request fails only when no complete answer came.
 */
import {getOnce} from "../src/supervisor/get-once.ts";

const [port, clients] = process.argv.slice(2).map(Number);
const stats = {requests: 0, failed: 0, non2xx: 0, errors: {} as Record<string, number>};
let running = true;

async function client(): Promise<void> {
    while (running) {
        try {
            const {status} = await getOnce("127.0.0.1", port!);
            if (stats.requests++ === 0) console.log("answered");
            if (status < 200 || status > 299) stats.non2xx++;
        } catch (error) {
            stats.failed++;
            const {message} = error as Error;
            stats.errors[message] = (stats.errors[message] ?? 0) + 1;
        }
    }
}

const done = Promise.all(Array.from({length: clients!}, client));
process.on("SIGTERM", async () => {
    running = false;
    await done;
    console.log(JSON.stringify(stats));
    process.exit(0);
});
