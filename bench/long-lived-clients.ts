// The clients of the long-lived benchmark: WebSockets that send numbered messages and time their
// echo, event-stream readers that count gaps in the numbers of the events; both reopen their
// connection when the server closes it, as a browser app would, and count that it did.

/** Counters shared by the clients of one run. */
export class Tally {
    sent = 0;
    echoed = 0;
    socketsClosed = 0;
    streamsClosed = 0;
    eventsLost = 0;
    events = 0;
    latencies: number[] = [];
    stopping = false;
}

/** A WebSocket that sends numbered messages and times their echo; reopens itself if the server closes it. */
export function echoClient(url: string, tally: Tally) {
    const pending = new Map<number, number>();
    let next = 0;
    let socket: WebSocket;
    const open = () => new Promise<void>((resolve) => {
        socket = new WebSocket(url);
        socket.onopen = () => resolve();
        socket.onmessage = (event) => {
            const sentAt = pending.get(Number(event.data));
            if (sentAt === undefined) return;
            pending.delete(Number(event.data));
            tally.echoed++;
            tally.latencies.push(performance.now() - sentAt);
        };
        socket.onclose = () => {
            if (tally.stopping) return;
            tally.socketsClosed++;
            setTimeout(() => void open().then(resolve), 50);
        };
        socket.onerror = () => {};
    });
    return {
        opened: open(),
        send() {
            if (socket.readyState !== WebSocket.OPEN) return;
            pending.set(++next, performance.now());
            tally.sent++;
            socket.send(String(next));
        },
        close: () => socket.close(),
    };
}

/** An event stream reader that counts gaps in the event numbers; reopens itself if the stream ends. */
export function streamClient(url: string, tally: Tally) {
    const abort = new AbortController();
    const read = async (): Promise<void> => {
        let previous: number | undefined;
        try {
            const response = await fetch(url, {signal: abort.signal});
            const decoder = new TextDecoder();
            let buffer = "";
            const reader = response.body!.getReader();
            for (let read = await reader.read(); !read.done; read = await reader.read()) {
                buffer += decoder.decode(read.value, {stream: true});
                for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
                    const data = /^data: (\d+)$/m.exec(buffer.slice(0, end))?.[1];
                    buffer = buffer.slice(end + 2);
                    if (data === undefined) continue;
                    const n = Number(data);
                    if (previous !== undefined && n > previous + 1) tally.eventsLost += n - previous - 1;
                    previous = n;
                    tally.events++;
                }
            }
        } catch {
            // Ended by the server's restart, or by the bench at the end.
        }
        if (tally.stopping) return;
        tally.streamsClosed++;
        await Bun.sleep(50);
        return read();
    };
    const done = read();
    return {close: () => abort.abort(), done};
}
