/**
 * The messages by which processes tell each other to drop first-tier copies. Anyone who can reach
 * Redis can publish on the channel, so a message is acted on only when it is exactly of this
 * format, about a key of this namespace under a website this process serves, and signed (with
 * the `secret` option, or a public key that only checks the format without one). Anything else is
 * ignored and counted: it never reaches entries of other namespaces, nor of websites that do not
 * use Redis, which share the process's memory cache.
 *
 * Signed messages can be recorded and published again by anyone on the channel, so each carries
 * its sender's number and the time it was sent: one older than a minute, or numbered no later than
 * the last heard from its sender, is a replay and is ignored.
 *
 * Format: `sender \n number \n time \n kind \n target \n hmac`, kind `del` (target: a key) or
 * `clear` (target: the namespace's prefix, or a website's).
 * @module
 */
import {macOf, sameMac} from "./entry-codec.ts";
import {displayUrl} from "./shared-options.ts";
import type {SharedCore} from "./shared-core.ts";

const SENDER = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MAC = /^[0-9a-f]{64}$/;
const NUMBER = /^[1-9]\d{0,14}$/;
// Processes of one namespace on several hosts: their clocks agree within this, or they would not
// hear each other (so keep them synchronised, as NTP does).
const MAX_AGE_MS = 60_000;
const HEARD_LIMIT = 1_024;

function messageMac(core: SharedCore, body: string): Uint8Array {
    return macOf(core.options.secret, [`${core.options.namespace}\n${body}`]);
}

/**
 * The message that tells the other processes that `target` changed: a key (`del`) or every key
 * under a prefix (`clear`).
 *
 * @example void client.publish(channel, messageOf(core, "del", full));
 * @see https://jopi-rewrite.dev/docs/in-memory-cache#shared-cache
 */
export function messageOf(core: SharedCore, kind: "del" | "clear", target: string): string {
    const body = `${core.id}\n${++core.sent}\n${Date.now()}\n${kind}\n${target}`;
    return `${body}\n${Buffer.from(messageMac(core, body)).toString("hex")}`;
}

// Whether `target` is, for `kind`, a key or a prefix of a website this process serves.
function inScope(core: SharedCore, kind: string, target: string): boolean {
    const prefix = core.options.keyPrefix;
    if (!target.startsWith(prefix)) return false;
    const rest = target.slice(prefix.length);
    const space = rest.indexOf(" ");
    if (kind === "clear") return rest === "" || (space === rest.length - 1 && core.scopes.has(rest.slice(0, space)));
    return kind === "del" && space > 0 && space < rest.length - 1 && core.scopes.has(rest.slice(0, space));
}

// The last number of each sender, the most recently heard last: past the limit, the senders not
// heard from the longest are forgotten (their messages are then checked by time alone).
function heard(core: SharedCore, sender: string, number: number): void {
    core.heard.delete(sender);
    core.heard.set(sender, number);
    if (core.heard.size > HEARD_LIMIT) core.heard.delete(core.heard.keys().next().value!);
}

function ignore(core: SharedCore, why: string): undefined {
    core.counters.ignoredMessages++;
    if (core.reportedIgnored) return undefined;
    core.reportedIgnored = true;
    console.error(
        `jopi-rewrite: the shared cache ignored a message on channel ${core.options.namespace}:invalidate of Redis at ${displayUrl(core.options.url)}: ${why}. ` +
            `If it came from one of your processes, give them all the same version, namespace and secret; later ones are counted in stats.ignoredMessages.`,
    );
    return undefined;
}

/**
 * What a message on the invalidation channel asks this process to drop: undefined for a message
 * of this process, about a website it does not serve, or ignored (malformed or not signed).
 *
 * @example const order = readMessage(core, text); if (order?.[0] === "del") core.first.delete(order[1]);
 * @see https://jopi-rewrite.dev/docs/in-memory-cache#shared-cache
 */
export function readMessage(core: SharedCore, text: string): ["del" | "clear", string] | undefined {
    const fields = text.split("\n");
    if (fields.length !== 6) return ignore(core, "it is not of this version's format");
    const [sender, number, time, kind, target, mac] = fields as [string, string, string, string, string, string];
    if (sender === core.id) return undefined;
    if (!SENDER.test(sender) || !NUMBER.test(number) || !NUMBER.test(time) || !MAC.test(mac)) return ignore(core, "it is not of this version's format");
    if (!sameMac(Buffer.from(mac, "hex"), messageMac(core, fields.slice(0, 5).join("\n")))) return ignore(core, "it is not signed with this cache's secret");
    if (Math.abs(Date.now() - Number(time)) > MAX_AGE_MS) return ignore(core, "it was sent more than a minute ago (a replay, or clocks that disagree)");
    if (Number(number) <= (core.heard.get(sender) ?? 0)) return ignore(core, "it was heard already (a replay)");
    heard(core, sender, Number(number));
    // Signed but about another website: a process serving other websites of the namespace sent it.
    return inScope(core, kind, target) ? [kind as "del" | "clear", target] : undefined;
}
