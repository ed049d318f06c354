// The load of the sessions benchmark, in a process of its own so that it never shares an event
// loop with what it measures: WebSockets (Socket.IO's client, jopi-rewrite's ResumableWebSocket,
// or a plain WebSocket) and event streams read as a browser's EventSource reads them, reconnecting
// with Last-Event-ID. It prints `connected` once every client is in, answers `count` on stdin with
// the messages received so far, and on `stop <restart windows as JSON>` prints `result <counts as
// JSON>` and exits.
import {ResumableWebSocket} from "jopi-rewrite/client";
import {io} from "socket.io-client";
import {parseMessage, RunTally, type ClientTally} from "./sessions-tally.ts";

/** What the driver (bench/sessions.ts) asks for, as the first argument, in JSON. */
export interface LoadPlan {
    /** `socketio`: Socket.IO clients; `resume`: ResumableWebSocket and resuming streams; `plain`: WebSocket and streams that start afresh. */
    kind: "socketio" | "resume" | "plain";
    url: string;
    sockets: number;
    streams: number;
    socketPath: string;
    streamPath: string;
}

const plan = JSON.parse(process.argv[2]!) as LoadPlan;
const sockets = new RunTally();
const streams = new RunTally();
const closers: (() => void)[] = [];
const wsUrl = `${plan.url.replace(/^http/, "ws")}${plan.socketPath}`;

function socketIoClient(room: number, tally: ClientTally): Promise<void> {
    const socket = io(plan.url, {transports: ["websocket"], auth: {room: String(room)}, forceNew: true});
    socket.on("m", (n: number, sentAt: number) => tally.receive(n, sentAt));
    closers.push(() => socket.disconnect());
    return new Promise((resolve) => socket.on("connect", () => {
        tally.connected(socket.recovered);
        resolve();
    }));
}

function resumableClient(tally: ClientTally): Promise<void> {
    const socket = new ResumableWebSocket(wsUrl);
    socket.addEventListener("message", (event) => {
        const {n, sentAt} = parseMessage(String(event.data));
        tally.receive(n, sentAt);
    });
    closers.push(() => socket.close());
    return new Promise((resolve) => socket.addEventListener("open", () => {
        tally.connected(socket.recovered);
        resolve();
    }));
}

function plainClient(tally: ClientTally): Promise<void> {
    const socket = new WebSocket(wsUrl);
    socket.onmessage = (event) => {
        const {n, sentAt} = parseMessage(String(event.data));
        tally.receive(n, sentAt);
    };
    closers.push(() => socket.close());
    return new Promise((resolve) => (socket.onopen = () => {
        tally.connected(false);
        resolve();
    }));
}

/**
 * An event stream read as EventSource does: fields per line, an event at each blank line, `id`
 * kept and sent back as Last-Event-ID when it reconnects, after the server's `retry` (3 s until
 * the server sets one, as browsers do). The session is the part of the id before its last dot: the
 * same session after a reconnection is a recovered one.
 */
function streamClient(tally: ClientTally): Promise<void> {
    const abort = new AbortController();
    closers.push(() => abort.abort());
    let lastId = "";
    let retryMs = 3000;
    let session: string | undefined;
    let first = true;
    return new Promise((resolve) => {
        const read = async () => {
            try {
                const headers: Record<string, string> = {accept: "text/event-stream"};
                if (lastId && plan.kind === "resume") headers["last-event-id"] = lastId;
                const response = await fetch(`${plan.url}${plan.streamPath}`, {headers, signal: abort.signal});
                let fresh = true;
                const opened = (recovered: boolean) => {
                    fresh = false;
                    tally.connected(recovered);
                    if (first) resolve();
                    first = false;
                };
                if (plan.kind === "plain") opened(false);
                const decoder = new TextDecoder();
                let buffer = "";
                let data: string[] = [];
                const reader = response.body!.getReader();
                for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
                    buffer += decoder.decode(chunk.value, {stream: true});
                    for (let newline = buffer.indexOf("\n"); newline >= 0; newline = buffer.indexOf("\n")) {
                        const line = buffer.slice(0, newline).replace(/\r$/, "");
                        buffer = buffer.slice(newline + 1);
                        if (line === "") {
                            if (data.length) {
                                const {n, sentAt} = parseMessage(data.join("\n"));
                                tally.receive(n, sentAt);
                            }
                            data = [];
                            continue;
                        }
                        const colon = line.indexOf(":");
                        if (colon === 0) continue;
                        const field = colon < 0 ? line : line.slice(0, colon);
                        const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
                        if (field === "data") data.push(value);
                        else if (field === "retry" && /^\d+$/.test(value)) retryMs = Number(value);
                        else if (field === "id") {
                            lastId = value;
                            const owner = value.slice(0, value.lastIndexOf("."));
                            if (fresh) opened(owner === session);
                            session = owner;
                        }
                    }
                }
            } catch {
                // Cut by a restart, or by the end of the run.
            }
            if (abort.signal.aborted) return;
            setTimeout(read, retryMs);
        };
        void read();
    });
}

const opening: Promise<void>[] = [];
for (let i = 0; i < plan.sockets; i++) {
    const tally = sockets.client();
    opening.push(plan.kind === "socketio" ? socketIoClient(i, tally) : plan.kind === "resume" ? resumableClient(tally) : plainClient(tally));
}
for (let i = 0; i < plan.streams; i++) opening.push(streamClient(streams.client()));
await Promise.all(opening);
console.log("connected");

for await (const line of console) {
    if (line === "count") console.log(`count ${sockets.received() + streams.received()}`);
    if (!line.startsWith("stop ")) continue;
    const windows = JSON.parse(line.slice(5)) as [number, number][];
    const result = {sockets: sockets.counts(windows), streams: plan.streams ? streams.counts(windows) : undefined};
    for (const close of closers) close();
    console.log(`result ${JSON.stringify(result)}`);
    process.exit(0);
}
