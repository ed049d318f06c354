/**
 * The long-lived connections of a program of the page, on the page's side: a WebSocket-like
 * object for each socket and a streaming Response for each event stream, both carried by the
 * program's Worker (program-connections.ts). The check harness's SocketClient and StreamClient
 * read them as they read a real WebSocket and a real fetch body, so a check sees the same
 * connection under Bun and in the page.
 */
import type {ConnectionReply, FromProgram, ToProgram} from './program-messages';

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

/** The part of a browser's WebSocket that a client uses: events, `send`, `close`, `readyState`. */
export class PageSocket extends EventTarget {
  readyState = CONNECTING;

  constructor(readonly url: string, private readonly id: number, private readonly post: (message: ToProgram) => void) {
    super();
  }

  send(data: string): void {
    if (this.readyState !== OPEN) throw new DOMException('the WebSocket is not open', 'InvalidStateError');
    this.post({type: 'socket-send', id: this.id, data});
  }

  /** As a browser's close(): 1005 (no code) unless given; the close event comes when the server has closed. */
  close(code = 1005, reason = ''): void {
    if (this.readyState >= CLOSING) return;
    this.readyState = CLOSING;
    this.post({type: 'socket-close', id: this.id, code, reason});
  }

  /** @internal */
  receive(message: FromProgram): void {
    if (message.type === 'socket-opened') {
      this.readyState = OPEN;
      this.dispatchEvent(new Event('open'));
    } else if (message.type === 'socket-message') {
      this.dispatchEvent(new MessageEvent('message', {data: message.data}));
    } else if (message.type === 'socket-closed') {
      this.ended(message.code, message.reason);
    } else if (message.type === 'socket-refused') {
      // What a browser reports for a refused upgrade: an error, then a close with 1006.
      this.dispatchEvent(new Event('error'));
      this.ended(1006, '');
    }
  }

  /** @internal */
  ended(code: number, reason: string): void {
    if (this.readyState === CLOSED) return;
    this.readyState = CLOSED;
    this.dispatchEvent(new CloseEvent('close', {code, reason, wasClean: code !== 1006}));
  }
}

type StreamState = {head: (response: Response) => void; fail: (error: Error) => void; controller?: ReadableStreamDefaultController<Uint8Array>};

/** A program's open sockets and streams, by id. */
export class PageConnections {
  private readonly sockets = new Map<number, PageSocket>();
  private readonly streams = new Map<number, StreamState>();
  private nextId = 1;

  constructor(private readonly post: (message: ToProgram) => void) {}

  /** Opens a WebSocket to `url` (ws://127.0.0.1:port/path) of the program. */
  socket(url: string): PageSocket {
    const id = this.nextId++;
    const socket = new PageSocket(url, id, this.post);
    this.sockets.set(id, socket);
    socket.addEventListener('close', () => this.sockets.delete(id));
    this.post({type: 'socket-open', id, url});
    return socket;
  }

  /** `fetch` for a response read as it comes: resolves with the head, the body follows chunk by chunk. */
  stream(url: string, init: {headers?: Record<string, string>; signal?: AbortSignal} = {}): Promise<Response> {
    const id = this.nextId++;
    init.signal?.addEventListener('abort', () => {
      const stream = this.streams.get(id);
      const aborted = new DOMException('the stream was aborted', 'AbortError');
      if (stream?.controller) stream.controller.error(aborted);
      else stream?.fail(aborted);
      this.cancel(id);
    }, {once: true});
    return new Promise((head, fail) => {
      this.streams.set(id, {head, fail});
      this.post({type: 'stream-open', id, url, headers: Object.entries(init.headers ?? {})});
    });
  }

  /** Handles a message about a connection; false for any other message. */
  receive(message: FromProgram): message is ConnectionReply {
    if (message.type.startsWith('socket-')) {
      this.sockets.get((message as ConnectionReply).id)?.receive(message);
      return true;
    }
    if (!message.type.startsWith('stream-')) return false;
    const {id} = message as ConnectionReply;
    const stream = this.streams.get(id);
    if (!stream) return true;
    if (message.type === 'stream-head') {
      const body = new ReadableStream<Uint8Array>({start: (controller) => void (stream.controller = controller), cancel: () => this.cancel(id)});
      stream.head(new Response(body, {status: message.status, statusText: message.statusText, headers: message.headers}));
    } else if (message.type === 'stream-chunk') {
      stream.controller?.enqueue(message.chunk);
    } else if (message.type === 'stream-end') {
      this.streams.delete(id);
      if (message.error !== undefined && !stream.controller) stream.fail(new TypeError(message.error));
      else if (message.error !== undefined) stream.controller?.error(new TypeError(message.error));
      else stream.controller?.close();
    }
    return true;
  }

  /** The program ended: its sockets close as a dropped connection does, its streams break. */
  endAll(): void {
    for (const socket of this.sockets.values()) socket.ended(1006, '');
    for (const stream of this.streams.values()) {
      if (stream.controller) stream.controller.error(new TypeError('the program was stopped'));
      else stream.fail(new TypeError('the program was stopped'));
    }
    this.streams.clear();
  }

  private cancel(id: number): void {
    if (this.streams.delete(id)) this.post({type: 'stream-cancel', id});
  }
}
