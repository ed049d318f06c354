import type {Check, SessionSocket} from "../runner/check-harness.ts";

const AWAY = "did the restart lose anything?";

// Two members of a room chat through `jopi-rewrite restart`: the restart closes their connections,
// alice writes while she is away, both come back to the new worker with their session, still in
// the room, and each message and tick reaches each of them once, in order.
export default async (h: Check) => {
    await h.startCommand({ready: /^jopi-rewrite: 1 worker\(s\) of index\.ts answer on port /, timeoutMs: 15_000});
    const alice = await h.socket("/chat/lobby?name=alice", "alice", {resume: true});
    const bob = await h.socket("/chat/lobby?name=bob", "bob", {resume: true});
    alice.send("hello bob");
    await alice.expectMessage("alice: hello bob");
    await bob.expectMessage("alice: hello bob");

    const restart = h.run("jopi-rewrite restart");
    await alice.expectAway();
    await bob.expectAway();
    alice.send(AWAY);
    h.expectEqual((await restart).code, 0, "the restart succeeded");

    await alice.expectRecovered();
    await bob.expectRecovered();
    await bob.expectMessage(`alice: ${AWAY}`);
    await alice.expectMessage(`alice: ${AWAY}`);
    bob.send("not a word");
    await alice.expectMessage("bob: not a word");
    await bob.expectMessage("bob: not a word");
    h.note("= both are still in the lobby: a message to the room reaches them");

    await h.sleep(300);
    for (const member of [alice, bob]) {
        h.expectEqual(member.messages.filter((message) => message === `alice: ${AWAY}`).length, 1, `${member.name} got alice's message from while she was away once`);
        h.claim(numbered(member), `${member.name} got every tick from 1 on, once and in order, across the restart`, {actual: member.messages.filter((message) => message.startsWith("tick ")).join(", ")});
    }
};

function numbered(member: SessionSocket): boolean {
    const ticks = member.messages.filter((message) => message.startsWith("tick ")).map((message) => Number(message.slice(5)));
    return ticks.length > 0 && ticks.every((tick, i) => tick === i + 1);
}
