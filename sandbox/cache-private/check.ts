import type {Check} from "../runner/check-harness.ts";

// Security: the cache never hands one visitor's page to another. A page that varies on Cookie is
// not stored, so each visitor gets their own; a POST that asks to cache its answer leaves the
// cached GET page alone.
export default async (h: Check) => {
    await h.start();
    const as = (user: string) => ({headers: {cookie: `user=${user}`}});

    (await h.get("/")).expectStatus(200).expectBody("<h1>Welcome</h1>");
    (await h.get("/account", as("alice"))).expectStatus(200).expectBody("<h1>Hello alice</h1>");
    (await h.get("/account")).expectStatus(200).expectBody("<h1>Hello guest</h1>");
    (await h.get("/account", as("bob"))).expectStatus(200).expectBody("<h1>Hello bob</h1>");

    (await h.post("/", "message=hi")).expectStatus(200).expectBody("<h1>Thanks for your message</h1>");
    (await h.get("/")).expectStatus(200).expectBody("<h1>Welcome</h1>");
};
