import {expect, spyOn, test} from "bun:test";
import {freePort} from "hot-harness";
import {JopiServer} from "./server.ts";
import {WebSite} from "./website.ts";

test("a route that redirects to the request's ?next= never sends a visitor to another website", async () => {
    const port = await freePort();
    const server = new JopiServer();
    const site = server.addWebsite(new WebSite(`http://127.0.0.1:${port}`));
    site.onGET("/login", (req) => req.redirectResponse(req.searchParams.get("next") ?? "/"));
    site.onGET("/leave", (req) => req.redirectResponse("https://example.com/bye", {external: true}));
    server.startServer();
    const logged = spyOn(console, "error").mockImplementation(() => {});
    try {
        const go = (next: string) => fetch(`http://127.0.0.1:${port}/login?next=${encodeURIComponent(next)}`, {redirect: "manual"});
        for (const next of ["//evil.com/x", "/\\evil.com", "\\\\evil.com", "https://evil.com/", "javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "/a\r\nSet-Cookie: x=1", "\t//evil.com"]) {
            const res = await go(next);
            expect([next, res.status, res.headers.get("location")]).toEqual([next, 500, null]);
        }
        expect(String(logged.mock.calls.find(([error]) => error instanceof TypeError)?.[0])).toContain('jopi-rewrite: redirectResponse("//evil.com/x") refused: the target leads to another website');
        for (const next of ["/account?tab=1", "account", "../up", "?page=2"]) {
            const res = await go(next);
            expect([res.status, res.headers.get("location")]).toEqual([302, next]);
        }
        const leave = await fetch(`http://127.0.0.1:${port}/leave`, {redirect: "manual"});
        expect([leave.status, leave.headers.get("location")]).toEqual([302, "https://example.com/bye"]);
        expect((await fetch(`http://127.0.0.1:${port}/login?next=/ok`, {redirect: "manual"})).status).toBe(302);
    } finally {
        logged.mockRestore();
        await server.stopServer();
    }
});
