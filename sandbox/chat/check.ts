import type {Check} from "../runner/check-harness.ts";

// "Restart without losing connection", for the connections people lose most: two chat users stay
// connected while the message format is edited, and the next message comes in the new format.
export default async (h: Check) => {
    await h.start();
    const alice = await h.socket("/chat/lobby?name=alice", "alice");
    const bob = await h.socket("/chat/lobby?name=bob", "bob");

    alice.send("hello bob");
    await alice.expectMessage("alice: hello bob");
    await bob.expectMessage("alice: hello bob");

    await h.edit("index.ts", (src) => src.replace("`${ws.data.name}: ${text}`", "`${ws.data.name} in #${ws.data.params.room}: ${text}`"), "a new message format, with both sockets open");

    bob.send("hi alice, new format here");
    await bob.expectMessage("bob in #lobby: hi alice, new format here");
    await alice.expectMessage("bob in #lobby: hi alice, new format here");
    alice.expectOpen();
    bob.expectOpen();
    h.note("= the sockets opened before the edit carry the new version's messages, and ws.data.name was kept");
};
