// In the pages of https://shop.example.com: the chat socket and the news stream, which come back
// by themselves after a rolling restart. The project's nginx test runs these two functions.

/**
 * Opens the chat socket. A rolling restart closes it with 1012 (Service Restart), a shutdown with
 * 1001 (Going Away): in every case but our own close(), it opens a new one, which reaches a worker
 * that is not leaving. The random delay keeps a thousand pages from coming back at the same instant.
 */
export function openChat(onLine: (line: string) => void): {send(text: string): void; close(): void} {
    const url = `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}/live/chat`;
    let socket: WebSocket;
    let closing = false;
    const connect = () => {
        socket = new WebSocket(url);
        socket.onmessage = (event) => onLine(String(event.data));
        socket.onclose = () => {
            if (!closing) setTimeout(connect, 250 + Math.random() * 500);
        };
    };
    connect();
    return {
        send: (text) => socket.send(text),
        close: () => {
            closing = true;
            socket.close();
        },
    };
}

/**
 * Follows the news. EventSource reconnects by itself when the stream ends, after the `retry` the
 * server sent (1 s during a rolling restart), and sends the last event id it saw.
 */
export function followNews(onEvent: (data: string) => void): EventSource {
    const news = new EventSource("/live/news");
    news.onmessage = (event) => onEvent(String(event.data));
    return news;
}
