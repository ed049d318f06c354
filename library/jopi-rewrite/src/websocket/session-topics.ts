/**
 * The topics of session sockets. Bun's publish sends the same frame to every subscriber, but a
 * session numbers each message for its own client and keeps it while the client is away, so
 * session sockets subscribe here instead, and a publish reaches both: Bun's subscribers natively,
 * these one by one.
 * @module
 */
import type {SocketMessage} from "./socket.ts";

/** A session socket as a topic sees it. */
export interface TopicMember {
    send(message: SocketMessage): number;
}

// Keyed like Bun's topics (one namespace per website), with the port: websites of two ports may share a host name.
const members = new Map<string, Set<TopicMember>>();
const keyOf = (port: number, hostname: string, topic: string) => `${port} ${hostname} ${topic}`;

/**
 * Subscribes a session socket to a website's topic. @internal
 * @example joinTopic(3000, "127.0.0.1", "lobby", session);
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
 */
export function joinTopic(port: number, hostname: string, topic: string, member: TopicMember): void {
    const key = keyOf(port, hostname, topic);
    let set = members.get(key);
    if (set === undefined) members.set(key, (set = new Set()));
    set.add(member);
}

/**
 * Unsubscribes a session socket from a website's topic. @internal
 * @example leaveTopic(3000, "127.0.0.1", "lobby", session);
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
 */
export function leaveTopic(port: number, hostname: string, topic: string, member: TopicMember): void {
    const key = keyOf(port, hostname, topic);
    const set = members.get(key);
    if (set?.delete(member) && set.size === 0) members.delete(key);
}

/**
 * Sends `message` to the session sockets of a website subscribed to `topic`, except `except` (the
 * publisher); connected or away, each numbers it and keeps it. Returns the bytes sent, counting 1
 * for each session that queued it for its client: 0 when nobody took it.
 * @example publishToSessions(3000, "127.0.0.1", "lobby", "hello", ws.session);
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
 */
export function publishToSessions(port: number, hostname: string, topic: string, message: SocketMessage, except?: TopicMember): number {
    const set = members.get(keyOf(port, hostname, topic));
    if (set === undefined) return 0;
    let sent = 0;
    // A copy: a send past a session's limits ends it, which takes it out of the set.
    for (const member of [...set]) if (member !== except) sent += Math.abs(member.send(message));
    return sent;
}
