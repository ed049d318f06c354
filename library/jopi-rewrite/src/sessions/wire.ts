/**
 * The wire form of a resumable WebSocket session, shared by the server (`websocket/`) and the
 * client (`jopi-rewrite/client`). It runs in browsers too: no Bun or Node API here.
 *
 * - The client asks for the session protocol with the subprotocol `jopi-resume.1`; to resume, it
 *   adds `jopi-session.<id>.<last seq received>`. A subprotocol, not the URL: URLs end up in access
 *   logs, and a session id lets whoever holds it take the session over.
 * - The server answers `jopi-resume.1`, then a hello: `h{"session":id,"recovered":bool,"ack":n,
 *   "window":w}`, where `ack` is the last client message it has delivered and `window` the most
 *   messages it keeps unacknowledged; then the missed messages, in order.
 * - Each message is numbered by its sender: text `m<seq>:<text>`, binary 8 bytes of seq (float64,
 *   big-endian) then the bytes. A receiver delivers seq = last + 1 and drops any seq it has seen.
 * - Each side acknowledges what it received with `a<seq>`, so the sender's outbox stays small: the
 *   client before half the server's window has come in, and otherwise seldom (acks cost frames).
 *
 * @example
 * new WebSocket("wss://shop.example/chat", [RESUME_PROTOCOL, resumeProtocolOf(id, 41)]);
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
 * @module
 */

/** The subprotocol a client offers to open or resume a session. */
export const RESUME_PROTOCOL = "jopi-resume.1";
const SESSION_PREFIX = "jopi-session.";
const SESSION_ID = /^[A-Za-z0-9_-]{22}$/;
const SEQ = /^(0|[1-9]\d{0,15})$/;
const BINARY_HEADER = 8;

/** What one frame of the session protocol says. */
export type Frame =
    | {kind: "hello"; session: string; recovered: boolean; ack: number; window?: number}
    | {kind: "message"; seq: number; data: string | Uint8Array}
    | {kind: "ack"; seq: number};

/** What a client asked for at the upgrade: nothing, a new session, or to resume one. */
export type Offer = {session: false} | {session: true; resume?: {id: string; seen: number}};

/**
 * A new session id: 128 random bits, base64url (22 characters).
 * @example const id = newSessionId(); // "q3V0...": hard to guess, safe in a header
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
 */
export function newSessionId(): string {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * Whether `id` has the shape of a session id, before it is looked up anywhere.
 * @example isSessionId("not an id"); // false
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
 */
export function isSessionId(id: unknown): id is string {
    return typeof id === "string" && SESSION_ID.test(id);
}

/**
 * The subprotocol that asks to resume session `id`, whose messages were received up to `seen`.
 * @example new WebSocket(url, [RESUME_PROTOCOL, resumeProtocolOf(id, 41)]);
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
 */
export function resumeProtocolOf(id: string, seen: number): string {
    return `${SESSION_PREFIX}${id}.${seen}`;
}

/**
 * Reads the `Sec-WebSocket-Protocol` header of an upgrade request. A malformed resume offer asks
 * for a new session: it is never an error, and never looked up.
 * @example parseOffer("jopi-resume.1, jopi-session.AAAAAAAAAAAAAAAAAAAAAA.3"); // {session: true, resume: {id: "AAAA…", seen: 3}}
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
 */
export function parseOffer(header: string | null): Offer {
    if (header === null) return {session: false};
    const offered = header.split(",").map((one) => one.trim());
    if (!offered.includes(RESUME_PROTOCOL)) return {session: false};
    const resume = offered.find((one) => one.startsWith(SESSION_PREFIX))?.slice(SESSION_PREFIX.length);
    const dot = resume?.lastIndexOf(".") ?? -1;
    if (resume === undefined || dot < 0) return {session: true};
    const id = resume.slice(0, dot);
    const seen = resume.slice(dot + 1);
    if (!isSessionId(id) || !SEQ.test(seen)) return {session: true};
    return {session: true, resume: {id, seen: Number(seen)}};
}

/**
 * The hello frame, the server's first: the session's id, whether it was recovered, the last
 * client message delivered (the client sends again what came after it), and the most messages the
 * server keeps unacknowledged (the client acks before half of them).
 * @example socket.send(encodeHello(id, true, 12, 1000));
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
 */
export function encodeHello(session: string, recovered: boolean, ack: number, window?: number): string {
    return `h${JSON.stringify({session, recovered, ack, window})}`;
}

/**
 * A numbered message: text stays text, bytes stay bytes.
 * @example socket.send(encodeMessage(7, "hello")); // "m7:hello"
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
 */
export function encodeMessage(seq: number, data: string | ArrayBufferView | ArrayBuffer): string | Uint8Array {
    if (typeof data === "string") return `m${seq}:${data}`;
    const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const framed = new Uint8Array(BINARY_HEADER + bytes.byteLength);
    new DataView(framed.buffer).setFloat64(0, seq);
    framed.set(bytes, BINARY_HEADER);
    return framed;
}

/**
 * The acknowledgement of every message up to `seq`.
 * @example socket.send(encodeAck(41)); // "a41"
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
 */
export function encodeAck(seq: number): string {
    return `a${seq}`;
}

/**
 * Reads one frame; undefined when it is not a frame of the protocol (the peer is then closed with
 * 1002, protocol error, by the caller).
 * @example decodeFrame("m7:hello"); // {kind: "message", seq: 7, data: "hello"}
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
 */
export function decodeFrame(frame: string | ArrayBuffer | ArrayBufferView): Frame | undefined {
    if (typeof frame !== "string") {
        const bytes = frame instanceof ArrayBuffer ? new Uint8Array(frame) : new Uint8Array(frame.buffer, frame.byteOffset, frame.byteLength);
        if (bytes.byteLength < BINARY_HEADER) return undefined;
        const seq = new DataView(bytes.buffer, bytes.byteOffset, BINARY_HEADER).getFloat64(0);
        return validSeq(seq) ? {kind: "message", seq, data: bytes.subarray(BINARY_HEADER)} : undefined;
    }
    const kind = frame.charCodeAt(0);
    if (kind === 109 /* m */) {
        const colon = frame.indexOf(":");
        const seq = colon > 1 ? seqOf(frame.slice(1, colon)) : undefined;
        return seq === undefined ? undefined : {kind: "message", seq, data: frame.slice(colon + 1)};
    }
    if (kind === 97 /* a */) {
        const seq = seqOf(frame.slice(1));
        return seq === undefined ? undefined : {kind: "ack", seq};
    }
    if (kind === 104 /* h */) return helloOf(frame.slice(1));
    return undefined;
}

function seqOf(text: string): number | undefined {
    return SEQ.test(text) ? Number(text) : undefined;
}

function validSeq(seq: number): boolean {
    return Number.isSafeInteger(seq) && seq >= 0;
}

function helloOf(json: string): Frame | undefined {
    let hello: {session?: unknown; recovered?: unknown; ack?: unknown; window?: unknown};
    try {
        hello = JSON.parse(json);
    } catch {
        return undefined;
    }
    if (!isSessionId(hello?.session) || typeof hello.recovered !== "boolean" || typeof hello.ack !== "number" || !validSeq(hello.ack)) return undefined;
    const {window} = hello;
    if (window !== undefined && !(typeof window === "number" && validSeq(window) && window > 0)) return undefined;
    return {kind: "hello", session: hello.session, recovered: hello.recovered, ack: hello.ack, ...(window === undefined ? {} : {window})};
}
