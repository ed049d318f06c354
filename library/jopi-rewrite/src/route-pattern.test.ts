import {describe, expect, test} from "bun:test";
import {freePort} from "hot-harness";
import {JopiServer} from "./server.ts";
import {WebSite} from "./website.ts";

const ok = (req: {textResponse(...parts: string[]): Response; urlParams: Record<string, string>}) => req.textResponse(JSON.stringify(req.urlParams));

describe("regular expressions in route paths", () => {
    test("a route whose regular expression backtracks without end is refused when added; the server serves the others", async () => {
        const port = await freePort();
        const server = new JopiServer();
        const site = server.addWebsite(new WebSite(`http://127.0.0.1:${port}`)).onGET("/n/:id(\\d+)", ok);
        server.startServer();
        try {
            expect(() => site.onGET("/r/:x((?:a+)+b)", ok)).toThrow(
                `jopi-rewrite: GET /r/:x((?:a+)+b) on http://127.0.0.1:${port}: the regular expression ((?:a+)+b) can take exponential time on some URLs (a repetition inside a repetition, or more than 25 repetitions), so one request could block the server; rewrite it without nested repetition, like (?:a|b)+ rather than (?:a+|b)+.`,
            );
            expect(() => site.onWebSocket("/ws/:x((?:a+)+b)", {})).toThrow(`jopi-rewrite: WebSocket /ws/:x((?:a+)+b) on http://127.0.0.1:${port}: the regular expression ((?:a+)+b)`);
            const started = performance.now();
            const attack = await fetch(`http://127.0.0.1:${port}/r/${"a".repeat(40)}c`);
            expect(attack.status).toBe(404);
            expect(performance.now() - started).toBeLessThan(1000);
            const safe = await fetch(`http://127.0.0.1:${port}/n/42`);
            expect([safe.status, await safe.json()]).toEqual([200, {id: "42"}]);
        } finally {
            await server.stopServer();
        }
    });

    test("two unbounded repetitions in one segment are refused: their time grows as a power of the URL's length", () => {
        const site = new WebSite("http://127.0.0.1:3000");
        expect(() => site.onGET("/p/:a(a+):b(a+)x", ok)).toThrow(
            'jopi-rewrite: GET /p/:a(a+):b(a+)x on http://127.0.0.1:3000: the segment ":a(a+):b(a+)x" has 2 unbounded repetitions (+, *, {n,} or a :name param), and a segment is matched as one regular expression, in time up to the URL\'s length to the power 2; keep one and bound the others, like \\d{1,12}.',
        );
        expect(() => site.onGET("/p/:x(a+a*x)", ok)).toThrow("has 2 unbounded repetitions");
        expect(() => site.onGET("/p/:name-:id(\\d{2,})", ok)).toThrow("has 2 unbounded repetitions");
    });

    test("an invalid regular expression is refused with the reason", () => {
        expect(() => new WebSite("http://127.0.0.1:3000").onGET("/p/:x(a{2,1})", ok)).toThrow(
            "jopi-rewrite: GET /p/:x(a{2,1}) on http://127.0.0.1:3000: (a{2,1}) is not a valid regular expression (",
        );
    });

    test("linear patterns, literal brackets and paths without regular expressions are served", async () => {
        const site = new WebSite("http://127.0.0.1:3000")
            .onGET("/user/:id(\\d+)", ok)
            .onGET("/day/:y(\\d{4})-:m(\\d{2})", ok)
            .onGET("/img/:name([a-z]+\\.png)", ok)
            .onGET("/f/:slug-:n(\\d{1,6})", ok)
            .onGET("/lit/a\\(b\\)", ok)
            .onGET("/files/**:rest", ok);
        const get = async (path: string) => (await site.fetch(new Request(`http://127.0.0.1:3000${path}`))).text();
        expect(await get("/user/7")).toBe('{"id":"7"}');
        expect(await get("/day/2026-12")).toBe('{"y":"2026","m":"12"}');
        expect(await get("/img/logo.png")).toBe('{"name":"logo.png"}');
        expect(await get("/f/post-12")).toBe('{"slug":"post","n":"12"}');
        expect(await get("/lit/a(b)")).toBe("{}");
        expect(await get("/files/a/b")).toBe('{"rest":"a/b"}');
    });
});
