import {describe, expect, test} from "bun:test";
import {error404Response, error500Response, htmlResponse, jsonResponse, redirectResponse, textResponse} from "./replies.ts";

describe("reply helpers", () => {
    test("htmlResponse joins its parts into the page, as the seed's counter example expects", async () => {
        const res = htmlResponse("Is request #", 0);
        expect(res.status).toBe(200);
        expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
        expect(await res.text()).toBe("Is request #0");
    });

    test("a last options object gives the status and headers", async () => {
        const res = htmlResponse("<h1>Gone</h1>", {status: 410, headers: {"x-why": "moved"}});
        expect([res.status, res.headers.get("x-why"), await res.text()]).toEqual([410, "moved", "<h1>Gone</h1>"]);
    });

    test("text, json, redirect and errors are standard Responses with the right types", async () => {
        expect(await textResponse("a", 1, true).text()).toBe("a1true");
        const json = jsonResponse({id: 7}, {status: 201});
        expect([json.status, json.headers.get("content-type"), await json.json()]).toEqual([201, "application/json; charset=utf-8", {id: 7}]);
        const redirect = redirectResponse("/login");
        expect([redirect.status, redirect.headers.get("location")]).toEqual([302, "/login"]);
        expect(redirectResponse("/new", {status: 301}).status).toBe(301);
        expect(error404Response().status).toBe(404);
        const failure = error500Response();
        expect([failure.status, await failure.text()]).toEqual([500, "Internal Server Error"]);
    });

    test("a redirect goes to a path of this website unless it says it leaves it", () => {
        for (const path of ["/login", "login", "../up", "?page=2", "#top", "/a%2F%2Fb", "/café"]) expect(redirectResponse(path).headers.get("location")).toBe(path);
        for (const elsewhere of ["//evil.com", "/\\evil.com", "\\\\evil.com", "\\/evil.com", "https://evil.com/", "HTTP://evil.com", "myapp:/callback"]) {
            expect(() => redirectResponse(elsewhere)).toThrow("the target leads to another website, an open redirect when it comes from the request; redirect to a path of this website, like \"/account\", or pass {external: true} when leaving the website is meant.");
            expect(redirectResponse(elsewhere, {external: true}).headers.get("location")).toBe(elsewhere);
        }
        expect(redirectResponse(new URL("https://example.com/x"), {external: true, status: 307}).headers.get("location")).toBe("https://example.com/x");
    });

    test("script schemes and hidden characters are refused even for an external redirect", () => {
        for (const code of ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x", "vbscript:x"]) {
            expect(() => redirectResponse(code, {external: true})).toThrow(`: target runs code or shows a page of the attacker's choosing; redirect to a path of this website, or to an http(s) URL with {external: true}.`);
        }
        expect(() => redirectResponse("java\tscript:alert(1)", {external: true})).toThrow('jopi-rewrite: redirectResponse("java\\tscript:alert(1)") refused: the target has control characters or surrounding spaces, which browsers drop before reading it; percent-encode them, as encodeURI does.');
        for (const hidden of ["\t//evil.com", " //evil.com", "/a\r\nx: y", "/a\u0000"]) expect(() => redirectResponse(hidden)).toThrow("the target has control characters");
    });
});
