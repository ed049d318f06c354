/**
 * One request on a connection of its own, as a health check or `curl` sends it: connect, `GET` with
 * `Connection: close`, read the whole answer. Unlike fetch(), it never retries on another
 * connection, so a connection reset while queued in a worker shows as a failure.
 * @module
 */
import {connect} from "node:net";

/** A complete answer: its status and body. */
export interface Answer {
    status: number;
    body: string;
}

// The answer in `data` if it is complete: a head, then the body its Content-Length or chunks announce.
function complete(data: string, endedCleanly: boolean): Answer | undefined {
    const headEnd = data.indexOf("\r\n\r\n");
    if (headEnd < 0) return undefined;
    const head = data.slice(0, headEnd).toLowerCase();
    const status = Number(/^http\/1\.[01] (\d{3})/.exec(head)?.[1]);
    if (!status) return undefined;
    const body = data.slice(headEnd + 4);
    const length = /\r\ncontent-length: *(\d+)/.exec(head)?.[1];
    if (length !== undefined) return body.length >= Number(length) ? {status, body: body.slice(0, Number(length))} : undefined;
    if (/\r\ntransfer-encoding: *chunked/.test(head)) return body.endsWith("0\r\n\r\n") ? {status, body} : undefined;
    return endedCleanly ? {status, body} : undefined; // Neither: the body ends with the connection.
}

/**
 * Sends `GET path` to `host:port` on a new connection with `Connection: close` and resolves with
 * the whole answer; rejects (with the socket's error code, such as ECONNRESET, in the message) when
 * no complete answer came, or none within `timeoutMs`.
 * @example const {status, body} = await getOnce("127.0.0.1", 3000);
 * @see https://jopi-rewrite.dev/docs/production#clients-that-open-a-connection-per-request
 */
export function getOnce(host: string, port: number, path = "/", timeoutMs = 10_000): Promise<Answer> {
    return new Promise((resolve, reject) => {
        const socket = connect(port, host);
        let data = "";
        let failure: Error | undefined;
        const timer = setTimeout(() => {
            failure = new Error(`no answer from ${host}:${port}${path} within ${timeoutMs} ms`);
            socket.destroy();
        }, timeoutMs);
        socket.setEncoding("latin1");
        socket.on("connect", () => socket.write(`GET ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\nConnection: close\r\n\r\n`));
        socket.on("data", (chunk: string) => (data += chunk));
        socket.on("error", (error: NodeJS.ErrnoException) => (failure ??= new Error(`${error.code ?? error.message} from ${host}:${port}${path}`)));
        socket.on("close", () => {
            clearTimeout(timer);
            // A reset after the whole answer came (the server closing fast) loses nothing.
            const answer = complete(data, !failure);
            if (answer) resolve(answer);
            else reject(failure ?? new Error(`${host}:${port}${path} closed the connection ${data ? "in the middle of its answer" : "without an answer"}`));
        });
    });
}
