/**
 * The long-lived connections of a program of the page, on the Worker's side: event streams read
 * chunk by chunk as they come, and WebSockets through the port table's `connectPort`. Each is
 * named by the id the page gave it; the page's side is in page-connections.ts.
 */
import * as jopiRewrite from 'jopi-rewrite';
// The package's types describe its Bun entry; the browser entry adds the port table.
import type * as BrowserEntry from '../../../library/jopi-rewrite/src/browser/index';
import type {InPageSocket} from '../../../library/jopi-rewrite/src/browser/in-page-socket';
import type {FromProgram, ToProgram} from './program-messages';

const {connectPort, fetchPort} = jopiRewrite as unknown as typeof BrowserEntry;

type Post = (message: FromProgram, transfer?: Transferable[]) => void;

/**
 * The Request a server of the program receives for `url`. A browser's Request drops the headers
 * it keeps for itself (Host, Accept-Encoding, Upgrade...): the program must see what was sent, as
 * a server would, and Bun builds request.url from the Host header.
 *
 * @example const {port, request} = requestFor('ws://127.0.0.1:3000/chat', {headers: [['upgrade', 'websocket']]});
 */
export function requestFor(url: string, init: {method?: string; headers: [string, string][]; body?: string; signal?: AbortSignal}): {port: number; request: Request} {
  const target = new URL(url);
  const port = Number(target.port || (target.protocol === 'https:' || target.protocol === 'wss:' ? 443 : 80));
  const host = init.headers.find(([name]) => name.toLowerCase() === 'host')?.[1];
  if (host) target.host = host;
  target.protocol = target.protocol.replace(/^ws/, 'http');
  const request = new Request(target, {method: init.method, body: init.body, signal: init.signal});
  Object.defineProperty(request, 'headers', {value: new Headers(init.headers)});
  return {port, request};
}

const streams = new Map<number, {cancel(): void}>();
const sockets = new Map<number, InPageSocket>();

async function openStream({id, url, headers}: Extract<ToProgram, {type: 'stream-open'}>, post: Post): Promise<void> {
  const client = new AbortController();
  const {port, request} = requestFor(url, {headers, signal: client.signal});
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  // The page goes away: as a closed socket, the server's request is aborted and its body cancelled.
  streams.set(id, {cancel: () => (client.abort(), void reader?.cancel().catch(() => {}))});
  try {
    const response = await fetchPort(port, request);
    const head: [string, string][] = [];
    response.headers.forEach((value, name) => head.push([name, value]));
    post({type: 'stream-head', id, status: response.status, statusText: response.statusText, headers: head});
    if (response.body) {
      reader = response.body.getReader();
      for (let read = await reader.read(); !read.done; read = await reader.read()) post({type: 'stream-chunk', id, chunk: read.value});
    }
    post({type: 'stream-end', id});
  } catch (error) {
    post({type: 'stream-end', id, error: (error as Error).message});
  } finally {
    streams.delete(id);
  }
}

async function openSocket({id, url}: Extract<ToProgram, {type: 'socket-open'}>, post: Post): Promise<void> {
  // What a browser's WebSocket sends; the key is any 16 bytes in base64.
  const headers: [string, string][] = [['upgrade', 'websocket'], ['connection', 'Upgrade'], ['sec-websocket-version', '13'], ['sec-websocket-key', 'dGhlIHNhbXBsZSBub25jZQ==']];
  const {port, request} = requestFor(url, {headers});
  const peer = {
    opened: () => post({type: 'socket-opened', id}),
    message: (data: string) => post({type: 'socket-message', id, data}),
    closed: (code: number, reason: string) => (sockets.delete(id), post({type: 'socket-closed', id, code, reason})),
  };
  try {
    const opened = await connectPort(port, request, peer);
    if (opened instanceof Response) post({type: 'socket-refused', id, status: opened.status});
    else if (opened.readyState === 1) sockets.set(id, opened);
  } catch (error) {
    post({type: 'socket-refused', id, error: (error as Error).message});
  }
}

/**
 * Handles a message about a connection; false for any other message.
 *
 * @example if (!connectionMessage(message, post)) void answer(message);
 */
export function connectionMessage(message: ToProgram, post: Post): boolean {
  switch (message.type) {
    case 'stream-open': return void openStream(message, post), true;
    case 'stream-cancel': return streams.get(message.id)?.cancel(), true;
    case 'socket-open': return void openSocket(message, post), true;
    case 'socket-send': return sockets.get(message.id)?.received(message.data), true;
    // The client's close frame: the server's close handler runs, and the page gets the close back.
    case 'socket-close': return sockets.get(message.id)?.end(message.code, message.reason), true;
    default: return false;
  }
}
