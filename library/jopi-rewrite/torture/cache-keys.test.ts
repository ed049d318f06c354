// What a client may not do to the cache of a website: store a page under another website's key
// (a forged Host), reach a website with no valid Host, replace a GET entry with a POST answer,
// or get a page made for another visitor's cookie, language or credentials.
import {afterAll, beforeAll, expect, test} from "bun:test";
import {connect} from "node:net";
import {endAll, freePort, startHot} from "hot-harness";

const app = `import {JopiServer, WebSite} from "jopi-rewrite";
const server = new JopiServer();
const [p1, p2] = [process.env.P1, process.env.P2];
let renders = 0;
function cachedPages(site, name) {
    site.onGET("/", req => req.getFromCacheOr(() => req.htmlResponse(name + " home")));
    site.onGET("/page", req => req.getFromCacheOr(() => req.htmlResponse(name + " page " + req.url.search)));
    return site;
}
const pub = cachedPages(server.addWebsite(new WebSite("http://127.0.0.1:" + p1)), "public");
cachedPages(server.addWebsite(new WebSite("http://127.0.0.1:" + p2)), "admin");
cachedPages(server.addWebsite(new WebSite("http://b.test:" + p1)), "b");
pub.onGET("/form", req => req.getFromCacheOr(() => req.htmlResponse("the form")));
pub.onPOST("/form", req => req.addToCache_Compressed(req.textResponse("posted")));
pub.onGET("/cookie", req => req.getFromCacheOr(() => req.htmlResponse("hello " + (req.getCookie("user") ?? "visitor"), {headers: {vary: "Accept-Language, Cookie"}})));
pub.onGET("/lang", req => req.getFromCacheOr(() => req.htmlResponse("lang " + req.headers.get("accept-language"), {headers: {vary: "Accept-Language"}})));
pub.onGET("/auth", req => req.getFromCacheOr(() => req.textResponse("for " + (req.headers.get("authorization") ?? "anyone"))));
let greets = 0;
pub.onGET("/greet", req => req.getFromCacheOr(() => req.htmlResponse("greet " + req.headers.get("accept-language") + " #" + ++greets, {headers: {vary: "Accept-Language"}})));
pub.onGET("/big", req => req.getFromCacheOr(() => req.htmlResponse("x".repeat(5000))));
for (const [name, cacheQuery] of [["allow", ["page", "sort"]], ["ignore", "ignore"], ["keep", undefined]]) {
    const site = server.addWebsite(new WebSite("http://" + name + ".test:" + p1, {cacheQuery}));
    site.onGET("/list", req => req.getFromCacheOr(() => req.textResponse("render " + ++renders)));
}
server.startServer();
`;

let p1 = 0;
let p2 = 0;

beforeAll(async () => {
    [p1, p2] = [await freePort(), await freePort()];
    const server = startHot({files: {"index.ts": app}, env: {P1: String(p1), P2: String(p2)}});
    await server.stdout.waitFor("Website started: http://allow.test");
}, 30_000);

afterAll(endAll);

/** Sends `head` (request line and headers, no final blank line) as it is and reads the whole answer. */
function raw(port: number, head: string): Promise<{status: number; headers: string; body: string}> {
    return new Promise((resolve, reject) => {
        const socket = connect(port, "127.0.0.1");
        let received = "";
        const timer = setTimeout(() => {
            socket.destroy();
            reject(new Error(`no complete answer to ${JSON.stringify(head)}; got ${JSON.stringify(received)}`));
        }, 5000);
        const done = () => {
            clearTimeout(timer);
            socket.destroy();
            const [headers = "", body = ""] = received.split("\r\n\r\n", 2);
            resolve({status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(headers)?.[1] ?? 0), headers, body});
        };
        socket.on("data", (data) => {
            received += data.toString("latin1");
            const end = received.indexOf("\r\n\r\n");
            const length = /\r\ncontent-length: (\d+)/i.exec(received.slice(0, end));
            if (end >= 0 && length && received.length - end - 4 >= Number(length[1])) done();
        });
        socket.on("close", done);
        socket.on("error", done);
        socket.on("connect", () => socket.write(`${head}\r\nConnection: close\r\n\r\n`));
    });
}

const get = async (url: string, headers: Record<string, string> = {}) => {
    const res = await fetch(url, {headers});
    return `${res.status} ${await res.text()}`;
};

test("a Host header naming another website's port does not put a page in that website's cache", async () => {
    expect((await raw(p1, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${p2}`)).body).toBe("public home");
    expect((await raw(p1, `GET /page?x HTTP/1.1\r\nHost: localhost:${p2}`)).body).toBe("public page ?x");
    expect(await get(`http://127.0.0.1:${p2}/`)).toBe("200 admin home");
    expect(await get(`http://127.0.0.1:${p2}/page?x`)).toBe("200 admin page ?x");
    expect(await get(`http://127.0.0.1:${p1}/`)).toBe("200 public home");
});

test("a missing, empty or invalid Host header gets a 400 and reaches no website", async () => {
    for (const head of [
        `GET /b.test:${p1}/page?z HTTP/1.1\r\nHost: bad<host>`,
        `GET /b.test:${p1}/page?z HTTP/1.1\r\nHost: `,
        `GET /b.test:${p1}/page?z HTTP/1.0`,
        `GET /page?z HTTP/1.1\r\nHost: b.test:${p1}/x`,
        `GET /page?z HTTP/1.1\r\nHost: b.test:port`,
    ]) {
        const answer = await raw(p1, head);
        expect(`${JSON.stringify(head)}: ${answer.status}`).toBe(`${JSON.stringify(head)}: 400`);
        expect(answer.body).toStartWith("jopi-rewrite: Bad Request");
    }
    expect(await get(`http://127.0.0.1:${p1}/page?z`, {host: `b.test:${p1}`})).toBe("200 b page ?z");
    // An absolute-form target: Bun builds the URL from the Host header, so that website answers,
    // and the entry goes under its key, never under the target's.
    expect((await raw(p1, `GET http://127.0.0.1:${p2}/page?abs HTTP/1.1\r\nHost: b.test:${p1}`)).body).toBe("b page ?abs");
    expect(await get(`http://127.0.0.1:${p2}/page?abs`)).toBe("200 admin page ?abs");
});

test("a POST handler that caches leaves the GET entry alone", async () => {
    expect(await get(`http://127.0.0.1:${p1}/form`)).toBe("200 the form");
    const posted = await fetch(`http://127.0.0.1:${p1}/form`, {method: "POST", body: "x"});
    expect(`${posted.status} ${await posted.text()}`).toBe("200 posted");
    expect(await get(`http://127.0.0.1:${p1}/form`)).toBe("200 the form");
});

test("HEAD is answered from the GET entry, with its headers and no body", async () => {
    const full = await raw(p1, `GET /big HTTP/1.1\r\nHost: 127.0.0.1:${p1}`);
    const head = await raw(p1, `HEAD /big HTTP/1.1\r\nHost: 127.0.0.1:${p1}`);
    expect([head.status, head.body]).toEqual([200, ""]);
    expect(/etag: (.*)/i.exec(head.headers)?.[1]).toBe(/etag: (.*)/i.exec(full.headers)![1]!);
});

test("a page that varies on Cookie is never served to another visitor", async () => {
    expect(await get(`http://127.0.0.1:${p1}/cookie`, {cookie: "user=alice-session"})).toBe("200 hello alice-session");
    expect(await get(`http://127.0.0.1:${p1}/cookie`)).toBe("200 hello visitor");
    expect(await get(`http://127.0.0.1:${p1}/cookie`, {cookie: "user=bob"})).toBe("200 hello bob");
});

test("a page that varies on Accept-Language is served only to requests with the same language", async () => {
    expect(await get(`http://127.0.0.1:${p1}/lang`, {"accept-language": "en"})).toBe("200 lang en");
    expect(await get(`http://127.0.0.1:${p1}/lang`, {"accept-language": "fr"})).toBe("200 lang fr");
    expect(await get(`http://127.0.0.1:${p1}/lang`, {"accept-language": "fr"})).toBe("200 lang fr");
});

test("an answer to a request with Authorization is not stored for others", async () => {
    expect(await get(`http://127.0.0.1:${p1}/auth`, {authorization: "Bearer alice"})).toBe("200 for Bearer alice");
    expect(await get(`http://127.0.0.1:${p1}/auth`)).toBe("200 for anyone");
});

test("a request with Authorization cannot evict the page stored for everyone else", async () => {
    const greet = (language: string, headers: Record<string, string> = {}) => get(`http://127.0.0.1:${p1}/greet`, {"accept-language": language, ...headers});
    expect(await greet("en")).toBe("200 greet en #1");
    expect(await greet("fr")).toBe("200 greet fr #2");
    // Not stored (the answer is not marked public), and the variants of others stay.
    expect(await greet("de", {authorization: "Bearer mallory"})).toBe("200 greet de #3");
    expect(await greet("en")).toBe("200 greet en #1");
    expect(await greet("fr")).toBe("200 greet fr #2");
});

test("cacheQuery: an allow-list keeps its parameters in any order, ignore drops the query, keep keeps it", async () => {
    const list = (site: string, query: string) => get(`http://127.0.0.1:${p1}/list${query}`, {host: `${site}.test:${p1}`});
    const first = await list("allow", "?page=2&sort=name&utm_source=x");
    expect(await list("allow", "?sort=name&page=2")).toBe(first);
    expect(await list("allow", "?page=2&sort=name&fbclid=y")).toBe(first);
    expect(await list("allow", "?page=3&sort=name")).not.toBe(first);
    const ignored = await list("ignore", "?a=1");
    expect(await list("ignore", "?b=2")).toBe(ignored);
    const kept = await list("keep", "?a=1");
    expect(await list("keep", "?a=1")).toBe(kept);
    expect(await list("keep", "?a=2")).not.toBe(kept);
});
