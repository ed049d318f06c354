import {connect} from "node:net";

/** What became of one raw request: the status line's code, or how the connection ended without one. */
export type Outcome = {status: number} | {closed: true} | {timeout: true};

/**
 * Sends bytes as they are on a new connection (no client library fixes them up) and reads the
 * status code of the answer; `chunks` with `gapMs` trickle them like a slow client.
 */
export function rawRequest(port: number, chunks: (string | Uint8Array)[], options: {gapMs?: number; timeoutMs?: number} = {}): Promise<Outcome> {
    const {gapMs = 0, timeoutMs = 5000} = options;
    return new Promise((resolve) => {
        const socket = connect(port, "127.0.0.1");
        let received = "";
        let settled = false;
        const settle = (outcome: Outcome) => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            socket.destroy();
            resolve(outcome);
        };
        const timer = setTimeout(() => settle({timeout: true}), timeoutMs);
        socket.on("data", (data) => {
            received += data.toString("latin1");
            const match = /^HTTP\/1\.[01] (\d{3})/.exec(received);
            if (match) settle({status: Number(match[1])});
            else if (received.length > 12) settle({closed: true});
        });
        socket.on("error", () => settle({closed: true}));
        socket.on("close", () => settle({closed: true}));
        socket.on("connect", async () => {
            for (const chunk of chunks) {
                if (socket.destroyed) return;
                socket.write(chunk);
                if (gapMs) await Bun.sleep(gapMs);
            }
        });
    });
}

/** Runs `tasks` with at most `limit` at once. */
export async function inBatches<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
    const results: T[] = new Array(tasks.length);
    let next = 0;
    const worker = async () => {
        while (next < tasks.length) {
            const index = next++;
            results[index] = await tasks[index]!();
        }
    };
    await Promise.all(Array.from({length: limit}, worker));
    return results;
}
