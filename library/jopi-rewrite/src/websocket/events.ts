/**
 * The WebSocket handlers Bun calls. Bun has one set per `Bun.serve`, and the port's `Bun.serve` is
 * kept across reloads, so this set is made once per process and, for each event, finds the
 * socket's route in the websites of the version that last claimed the port (routes.ts): after a
 * reload, the next message runs the new code, with the same socket.
 * @module
 */
import type {WebSocketHandler} from "bun";
import {DEFAULT_MAX_MESSAGE_BYTES} from "../limits.ts";
import {closed, opened} from "../long-lived.ts";
import {decodeFrame} from "../sessions/wire.ts";
import {routeGone, routeOf, type AnyRoute, type AnySocket} from "./routes.ts";

/**
 * Runs the route's `close` for a session that ended while its client was away. @internal
 * @example runClose(ws, 1001, "the client did not come back in time");
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
 */
export function runClose(ws: AnySocket, code: number, reason: string): void {
    try {
        settle(ws, "close", routeOf(ws)?.close?.(ws, code, reason));
    } catch (error) {
        failed(ws, "close", error);
    }
}

function failed(ws: AnySocket, event: string, error: unknown): void {
    // Two calls: Bun prints an error's code frame, which must not run on into the message's line.
    console.error(`jopi-rewrite: the WebSocket ${event} handler of ${ws.where} failed; closed that socket with 1011.`);
    console.error(error);
    ws.end(1011, "internal error");
}

function settle(ws: AnySocket, event: string, result: unknown): void {
    if (result instanceof Promise) result.catch((error) => failed(ws, event, error));
}

function tooBig(message: string | Buffer, limit: number): boolean {
    if (typeof message !== "string") return message.byteLength > limit;
    return message.length * 3 > limit && Buffer.byteLength(message) > limit;
}

/**
 * The port's WebSocket handlers, given to its `Bun.serve` once and kept across reloads.
 * @internal
 */
export const socketEvents: WebSocketHandler<AnySocket> = {
    open(raw) {
        const ws = raw.data;
        // A session that ended (expired, handed over) between the upgrade and now: the client comes back for a new one.
        if (ws.session?.ended) return void raw.close(1012, "Service Restart");
        if (ws.session !== undefined) ws.session.attach(raw);
        else ws.raw = raw;
        opened(ws);
        const route = routeOf(ws);
        if (route === undefined) return routeGone(ws);
        try {
            settle(ws, "open", route.open?.(ws));
        } catch (error) {
            failed(ws, "open", error);
        }
    },
    // The hot path: written out, and its route found by routeOf's one comparison, so that a
    // message costs little more than with raw Bun.serve.
    message(raw, message) {
        const ws = raw.data;
        const route = routeOf(ws);
        if (route === undefined) return routeGone(ws);
        const limit = route.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
        if ((typeof message === "string" ? message.length * 3 : message.byteLength) > limit && tooBig(message, limit)) {
            return ws.end(1009, `message bigger than ${limit} bytes`);
        }
        if (ws.session !== undefined) return sessionMessage(ws, route, message);
        if (route.message === undefined) return;
        try {
            const result = route.message(ws, message);
            if (result instanceof Promise) result.catch((error) => failed(ws, "message", error));
        } catch (error) {
            failed(ws, "message", error);
        }
    },
    close(raw, code, reason) {
        const ws = raw.data;
        if (ws.session !== undefined) {
            if (raw !== ws.raw) return; // An old connection of a resumed session.
            closed(ws);
            if (!ws.session.connectionClosed(raw, code)) return;
        } else closed(ws);
        try {
            settle(ws, "close", routeOf(ws)?.close?.(ws, code, reason));
        } catch (error) {
            failed(ws, "close", error);
        }
    },
    drain(raw) {
        const ws = raw.data;
        try {
            settle(ws, "drain", routeOf(ws)?.drain?.(ws));
        } catch (error) {
            failed(ws, "drain", error);
        }
    },
};

/** A frame from the client of a session socket: a numbered message is delivered once, in order. */
function sessionMessage(ws: AnySocket, route: AnyRoute, message: string | Buffer): void {
    const frame = decodeFrame(message);
    if (frame?.kind === "ack") return ws.session!.outbox.ackUpTo(frame.seq);
    const deliver = frame?.kind === "message" ? ws.session!.accept(frame.seq) : undefined;
    if (frame?.kind !== "message" || deliver === undefined) return ws.end(1002, "jopi-rewrite: not a frame of the session protocol, or a message out of order");
    if (!deliver || route.message === undefined) return;
    const data = typeof frame.data === "string" ? frame.data : Buffer.from(frame.data.buffer, frame.data.byteOffset, frame.data.byteLength);
    try {
        settle(ws, "message", route.message(ws, data));
    } catch (error) {
        failed(ws, "message", error);
    }
}
