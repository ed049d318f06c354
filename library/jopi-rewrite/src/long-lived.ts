/**
 * The connections that outlive a request: WebSockets and event streams. They are counted here,
 * per port, so that a shutdown (or a worker that drains before a restart) can end them all with a
 * close code the clients understand, instead of waiting for them forever: `server.stop()` waits for
 * every open WebSocket and every streaming response before it resolves.
 * @module
 */

/** A WebSocket or an event stream, as the shutdown sees it. */
export interface LongLived {
    readonly port: number;
    /** An event stream is a response still being sent: Bun counts it among the pending requests. */
    readonly isResponse: boolean;
    /** Ends the connection: a WebSocket closes with `code` and `reason`; a stream sends `retryMs`, then ends. */
    end(code: number, reason: string, retryMs?: number): void;
}

/** How `endLongLivedConnections` ends them. */
export interface EndOptions {
    /** WebSocket close code: 1001 (going away) for a shutdown, 1012 (service restart) for a rolling restart. */
    code?: number;
    /** WebSocket close reason (at most 123 bytes). */
    reason?: string;
    /** Sent to event streams as `retry:` before they end: when the browser should reconnect, in ms. */
    retryMs?: number;
    /** Only the connections of this port; all ports by default. */
    port?: number;
    /** How long to wait for the clients to acknowledge; resolves anyway after it. Default 5000. */
    timeoutMs?: number;
}

const open = new Set<LongLived>();

/** Counts a connection that has just opened. @internal */
export function opened(connection: LongLived): void {
    open.add(connection);
}

/** Forgets a connection that has closed, from either side. @internal */
export function closed(connection: LongLived): void {
    open.delete(connection);
}

/**
 * How many of the open connections are responses still being sent (event streams): what a drain
 * takes away from Bun's count of pending requests, since a stream is not a request to wait for.
 * @internal
 */
export function openResponses(): number {
    let count = 0;
    for (const connection of open) if (connection.isResponse) count++;
    return count;
}

/** The open connections, of one port or of all. @internal */
export function openConnections(port?: number): LongLived[] {
    const found: LongLived[] = [];
    for (const connection of open) if (port === undefined || connection.port === port) found.push(connection);
    return found;
}

/**
 * Ends every open WebSocket (close frame with `code`) and every event stream (a `retry:` hint, then
 * the end of the response), and resolves with how many were ended once their clients have gone, or
 * after `timeoutMs`. The shutdown on SIGTERM/SIGINT calls it with 1001; a rolling restart calls it
 * with 1012 and a retry hint so that clients come back to the next worker.
 *
 * @example await endLongLivedConnections({code: 1012, reason: "restarting", retryMs: 500});
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#shutdown
 */
export async function endLongLivedConnections(options: EndOptions = {}): Promise<number> {
    const {code = 1001, reason = "server shutting down", retryMs, port, timeoutMs = 5000} = options;
    const ending = openConnections(port);
    for (const connection of ending) connection.end(code, reason, retryMs);
    const gone = () => ending.every((connection) => !open.has(connection));
    const deadline = Date.now() + timeoutMs;
    while (!gone() && Date.now() < deadline) await Bun.sleep(10);
    return ending.length;
}
