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

/** @internal */
export function joinTopic(port: number, hostname: string, topic: string, member: TopicMember): void {
    const key = keyOf(port, hostname, topic);
    let set = members.get(key);
    if (set === undefined) members.set(key, (set = new Set()));
    set.add(member);
}

/** @internal */
export function leaveTopic(port: number, hostname: string, topic: string, member: TopicMember): void {
    const key = keyOf(port, hostname, topic);
    const set = members.get(key);
    if (set?.delete(member) && set.size === 0) members.delete(key);
}

/**
 * Sends `message` to the session sockets of a website subscribed to `topic`, except `except` (the
 * publisher); connected or away, each numbers it and keeps it. Returns how many took it.
 * @example publishToSessions(3000, "127.0.0.1", "lobby", "hello", ws.session);
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#resumable-sessions
 */
export function publishToSessions(port: number, hostname: string, topic: string, message: SocketMessage, except?: TopicMember): number {
    const set = members.get(keyOf(port, hostname, topic));
    if (set === undefined) return 0;
    let reached = 0;
    for (const member of [...set]) if (member !== except && member.send(message) !== 0) reached++;
    return reached;
}
