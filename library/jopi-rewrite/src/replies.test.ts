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
});
