import type {Check} from "../runner/check-harness.ts";

// Two workers behind one Redis, as behind a load balancer (which passes the public Host): a page
// one renders is a hit on the other, a removal on one is a miss on both, and a restarted worker
// starts warm.
export default async (h: Check) => {
    h.label(/process (\d+)/, "pid");
    await h.startRedis();
    await h.start();
    await h.startSecondWorker();
    const lb = {headers: {host: "127.0.0.1:3000"}};

    const first = (await h.get("/", lb)).expectStatus(200);
    const fromRedis = (await h.get("/", {...lb, worker: 2})).expectStatus(200);
    h.expectEqual(fromRedis.text, first.text, "the second worker answers with the page the first one rendered (from Redis)");

    (await h.get("/forget", {...lb, worker: 2})).expectBody("removed: true");
    const again = (await h.get("/", lb)).expectStatus(200);
    h.claim(again.text !== first.text, "after the removal on the second worker, the first one renders the page again: a miss");
    (await h.get("/", {...lb, worker: 2})).expectBody(again.text);

    await h.restart();
    (await h.get("/", lb)).expectBody(again.text);
    h.note("= the restarted worker starts warm: the page comes from Redis, not rendered again");
};
