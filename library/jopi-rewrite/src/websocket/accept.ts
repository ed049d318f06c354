/**
 * Accepting a WebSocket: the request that asks for one, the route's `upgrade` hook, and the hand-over
 * to Bun, with the socket object that the route's handlers will receive for the rest of its life.
 * @module
 */
import type {Server} from "bun";
import {describeRequest} from "../errors.ts";
import {JopiWebSocket} from "./socket.ts";
import {textResponse} from "../replies.ts";
import {JopiRequest} from "../request.ts";
import type {ResumeLimits} from "../sessions/limits.ts";
import {findSession, SessionsMoved} from "../sessions/registry.ts";
import {newSessionId, parseOffer, RESUME_PROTOCOL, type Offer} from "../sessions/wire.ts";
import type {SocketSite, WebSocketRoute} from "./routes.ts";
import {SocketSession} from "./session.ts";
// Registers how sessions handed over by another worker come back: a worker that accepts sockets revives them.
import "./revive.ts";

/**
 * Whether the page that asks for this socket may have it: a browser always sends the page's
 * Origin and a page cannot forge it, so a page of another site, which would otherwise open the
 * socket with the visitor's cookies, is told apart from the website's own pages (the same host and
 * port as the request's Host header, which proxies keep). No Origin: not a browser, allowed.
 */
function originAllowed(request: Request, allowed: WebSocketRoute["allowedOrigins"]): boolean {
    const origin = request.headers.get("origin");
    if (origin === null || allowed === "*") return true;
    if (allowed?.some((one) => one.replace(/\/$/, "").toLowerCase() === origin.toLowerCase())) return true;
    let host: string;
    try {
        host = new URL(origin).host;
    } catch {
        return false;
    }
    return host !== "" && host === request.headers.get("host")?.toLowerCase();
}

/**
 * Accepts a WebSocket for a matched route: runs its `upgrade` hook, then hands the connection to Bun.
 * Resolves to undefined once upgraded, or to the Response that refused it.
 * @internal
 */
export async function acceptSocket(site: SocketSite, pattern: string, request: Request, href: string, path: string, params: Record<string, string>, server: Server<unknown> | undefined): Promise<Response | undefined> {
    if (server === undefined) {
        return textResponse(`jopi-rewrite: ${path} is a WebSocket route; connect to the server's port (site.fetch answers in-process and cannot upgrade).`, {status: 426});
    }
    const route = site.sockets!.get(pattern)!;
    if (!originAllowed(request, route.allowedOrigins)) {
        const origin = JSON.stringify(request.headers.get("origin"));
        return textResponse(`jopi-rewrite: the WebSocket ${describeRequest(request)} refuses pages of origin ${origin}, which is not this website; list it in the route's allowedOrigins to let its pages connect.`, {status: 403});
    }
    const limits = site.sockets!.limits(pattern);
    const offer = limits === undefined ? undefined : parseOffer(request.headers.get("sec-websocket-protocol"));
    let ws = new JopiWebSocket(site.port, site.hostname, pattern, path, params);
    if (route.upgrade) {
        const extra = await route.upgrade(new JopiRequest(request, href, params, site));
        if (extra instanceof Response) return extra;
        if (extra) Object.assign(ws.data, extra);
    }
    let upgraded: boolean;
    if (offer?.session) {
        try {
            ws = await sessionSocket(ws, offer, limits!);
        } catch (error) {
            // A worker that drains: its client retries, and finds its session on another worker.
            if (error instanceof SessionsMoved) return textResponse(error.message, {status: 503});
            throw error;
        }
        ws.server = server;
        upgraded = server.upgrade(request, {data: ws, headers: {"Sec-WebSocket-Protocol": RESUME_PROTOCOL}});
        if (!upgraded && !ws.session!.pending.recovered) ws.session!.finish();
    } else {
        ws.server = server;
        upgraded = server.upgrade(request, {data: ws});
    }
    if (upgraded) return undefined;
    return textResponse("jopi-rewrite: this request cannot be upgraded to a WebSocket (missing or bad Sec-WebSocket-Key).", {status: 400});
}

/**
 * The socket of a client that asked for a session: the one it resumes (its recovered data laid over
 * what the upgrade hook returned), or a new one when there is none to resume here or elsewhere.
 */
async function sessionSocket(fresh: JopiWebSocket<any>, offer: Extract<Offer, {session: true}>, limits: ResumeLimits): Promise<JopiWebSocket<any>> {
    if (offer.resume) {
        const {port, hostname, pattern, path} = fresh;
        const found = await findSession(offer.resume.id, {kind: "websocket", hostname, port, pattern, path}, limits);
        if (found instanceof SocketSession && !found.ended) {
            const {data} = found.ws;
            for (const [key, value] of Object.entries(fresh.data)) if (!(key in data)) data[key] = value;
            found.pending = {recovered: true, seen: offer.resume.seen};
            return found.ws;
        }
    }
    new SocketSession(newSessionId(), fresh, limits);
    return fresh;
}

/**
 * Whether a request asks for a WebSocket. Only requests for a path with a WebSocket route are
 * asked: reading the headers is a cost that other requests never pay.
 * @internal
 */
export function wantsWebSocket(request: Request): boolean {
    return request.method === "GET" && request.headers.get("upgrade")?.toLowerCase() === "websocket";
}
