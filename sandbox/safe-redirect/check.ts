import type {Check} from "../runner/check-harness.ts";

// Security: a redirect whose target comes from the request stays on the website. A path is
// followed; another website's address or a javascript: URL is refused, and the handler sends the
// visitor home instead; an external redirect says so with {external: true}.
export default async (h: Check) => {
    await h.start();
    const show = {show: ["location"]};

    (await h.get("/login?next=/account", show)).expectStatus(302).expectHeader("location", "/account");
    for (const next of ["//evil.example/login", "/\\evil.example", "https://evil.example/", "javascript:alert(document.cookie)"]) {
        (await h.get(`/login?next=${encodeURIComponent(next)}`, show)).expectStatus(302).expectHeader("location", "/");
    }
    (await h.get("/docs", show)).expectStatus(302).expectHeader("location", "https://bun.sh/docs");
};
