import {afterEach, describe, expect, spyOn, test} from "bun:test";
import {WebSite} from "./website.ts";

const get = (site: WebSite, path: string, init?: RequestInit) => site.fetch(new Request(`http://127.0.0.1:3000${path}`, init));

afterEach(() => {
    delete process.env.PORT;
});

describe("WebSite URL", () => {
    test("gives host and port, with the scheme's default port", () => {
        expect([new WebSite("http://127.0.0.1").port, new WebSite("https://example.com").port]).toEqual([80, 443]);
        const site = new WebSite("http://Example.COM:3000");
        expect([site.hostname, site.port, site.origin]).toEqual(["example.com", 3000, "http://example.com:3000"]);
    });

    test("PORT replaces the URL's port, so a non-root user can run http://127.0.0.1", () => {
        process.env.PORT = "4321";
        expect(new WebSite("http://127.0.0.1").origin).toBe("http://127.0.0.1:4321");
        process.env.PORT = "eighty";
        expect(() => new WebSite("http://127.0.0.1")).toThrow('jopi-rewrite: PORT="eighty" is not a port number');
    });

    test("rejects what is not a web URL, saying how to write one", () => {
        expect(() => new WebSite("ftp://127.0.0.1:3000")).toThrow("jopi-rewrite: a website URL starts with http:// or https://, not ftp://");
        expect(() => new WebSite("127.0.0.1:3000")).toThrow('jopi-rewrite: "127.0.0.1:3000" is not a website URL; write it like "http://127.0.0.1:3000".');
    });
});

describe("routes", () => {
    const site = new WebSite("http://127.0.0.1:3000")
        .onGET(["/", "/index.html"], (req) => req.htmlResponse("home"))
        .onGET("/user/:id", (req) => req.jsonResponse({id: req.urlParams.id, tab: req.searchParams.get("tab")}))
        .onGET("/files/**:rest", (req) => req.textResponse(req.urlParams.rest!))
        .onPOST("/echo", async (req) => req.jsonResponse(await req.json()))
        .onPUT("/user/:id", (req) => req.textResponse("put ", req.urlParams.id))
        .onDELETE("/user/:id", (req) => req.textResponse("deleted ", req.urlParams.id));

    test("several paths, parameters, wildcards and methods", async () => {
        expect(await (await get(site, "/index.html")).text()).toBe("home");
        expect(await (await get(site, "/user/42?tab=posts")).json()).toEqual({id: "42", tab: "posts"});
        expect(await (await get(site, "/user/J%C3%A9r%C3%B4me")).json()).toEqual({id: "Jérôme", tab: null});
        expect(await (await get(site, "/files/a/b/c.txt")).text()).toBe("a/b/c.txt");
        expect(await (await get(site, "/echo", {method: "POST", body: '{"a":1}'})).json()).toEqual({a: 1});
        expect(await (await get(site, "/user/9", {method: "DELETE"})).text()).toBe("deleted 9");
    });

    test("HEAD falls back to the GET route; an unknown path is 404; a known path with another method is 405", async () => {
        expect((await get(site, "/", {method: "HEAD"})).status).toBe(200);
        expect((await get(site, "/nowhere")).status).toBe(404);
        const res = await get(site, "/user/1", {method: "PATCH"});
        expect([res.status, res.headers.get("allow")]).toEqual([405, "GET, PUT, DELETE"]);
    });

    test("routes added after the first request are served", async () => {
        const late = new WebSite("http://127.0.0.1:3000").onGET("/a", (req) => req.textResponse("a"));
        expect((await get(late, "/b")).status).toBe(404);
        late.onGET("/b", (req) => req.textResponse("b"));
        expect(await (await get(late, "/b")).text()).toBe("b");
    });

    test("a plain path wins over a parameter route that matches it too, declared before or after it; a trailing slash or HEAD finds it as well", async () => {
        const mixed = new WebSite("http://127.0.0.1:3000")
            .onGET("/user/:id", (req) => req.textResponse(`user ${req.urlParams.id}`))
            .onGET("/user/me", (req) => req.textResponse("me"))
            .onGET("/page.html", (req) => req.textResponse("page"))
            .onGET("/a/:b", (req) => req.textResponse(`param ${req.urlParams.b}`))
            .onPOST("/a/b", (req) => req.textResponse("posted"));
        const text = async (path: string, init?: RequestInit) => (await get(mixed, path, init)).text();
        expect([await text("/user/me"), await text("/user/me/"), await text("/user/7"), await text("/page.html")]).toEqual(["me", "me", "user 7", "page"]);
        expect((await get(mixed, "/user/me", {method: "HEAD"})).status).toBe(200);
        // A plain route of another method leaves the GET request to the parameter route.
        expect([await text("/a/b"), await text("/a/b", {method: "POST"})]).toEqual(["param b", "posted"]);
        expect((await get(mixed, "/page.html", {method: "DELETE"})).status).toBe(405);
    });

    test("a route declared twice is an error that names it", () => {
        const twice = new WebSite("http://127.0.0.1:3000").onGET("/x", (req) => req.textResponse("1"));
        expect(() => twice.onGET("/x", (req) => req.textResponse("2"))).toThrow("jopi-rewrite: GET /x is declared twice on http://127.0.0.1:3000");
    });
});

describe("errors", () => {
    test("a handler that throws, sync or async, gets a generic 500 and the error is logged with method, host and path", async () => {
        const logged = spyOn(console, "error").mockImplementation(() => {});
        const site = new WebSite("http://127.0.0.1:3000")
            .onGET("/sync", () => { throw new Error("secret detail"); })
            .onGET("/async", async () => { await Bun.sleep(1); throw new Error("later"); })
            .onGET("/ok", (req) => req.textResponse("still serving"));
        for (const path of ["/sync", "/async"]) {
            const res = await get(site, path);
            expect([res.status, await res.text()]).toEqual([500, "Internal Server Error"]);
        }
        expect(String(logged.mock.calls[0]![0])).toBe("jopi-rewrite: GET 127.0.0.1:3000/sync failed; answered 500.");
        expect(String(logged.mock.calls[1]![0])).toContain("secret detail");
        expect(String(logged.mock.calls[2]![0])).toBe("jopi-rewrite: GET 127.0.0.1:3000/async failed; answered 500.");
        expect(await (await get(site, "/ok")).text()).toBe("still serving");
        logged.mockRestore();
    });

    test("malformed input gets 400: broken JSON, broken percent-encoding", async () => {
        const site = new WebSite("http://127.0.0.1:3000")
            .onPOST("/echo", async (req) => req.jsonResponse(await req.json()))
            .onGET("/user/:id", (req) => req.textResponse(req.urlParams.id!));
        const json = await get(site, "/echo", {method: "POST", body: "{not json"});
        expect([json.status, await json.text()]).toEqual([400, "The request body is not valid JSON."]);
        expect((await get(site, "/user/%E0%A4%A")).status).toBe(400);
    });

    test("a handler that returns something else than a Response gets a 500 that says so in the log", async () => {
        const logged = spyOn(console, "error").mockImplementation(() => {});
        const site = new WebSite("http://127.0.0.1:3000").onGET("/", (() => "text") as never);
        expect((await get(site, "/")).status).toBe(500);
        expect(String(logged.mock.calls[1]![0])).toContain("the handler returned string, not a Response");
        logged.mockRestore();
    });
});

describe("request data", () => {
    test("headers, cookies, form data and text bodies", async () => {
        const site = new WebSite("http://127.0.0.1:3000")
            .onGET("/me", (req) => req.jsonResponse({session: req.getCookie("session"), agent: req.headers.get("user-agent"), method: req.method, path: req.url.pathname}))
            .onPOST("/form", async (req) => req.textResponse((await req.formData()).get("name") as string))
            .onPOST("/text", async (req) => req.textResponse((await req.text()).toUpperCase()));
        const me = await get(site, "/me", {headers: {cookie: "session=abc; theme=dark", "user-agent": "test"}});
        expect(await me.json()).toEqual({session: "abc", agent: "test", method: "GET", path: "/me"});
        expect(await (await get(site, "/form", {method: "POST", body: new URLSearchParams({name: "Ada"})})).text()).toBe("Ada");
        expect(await (await get(site, "/text", {method: "POST", body: "hi"})).text()).toBe("HI");
        expect((await get(site, "/form", {method: "POST", body: "x", headers: {"content-type": "multipart/form-data; boundary=zz"}})).status).toBe(400);
    });
});
