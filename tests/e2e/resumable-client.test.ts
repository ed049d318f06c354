// The client in Chromium: `jopi-rewrite/client` bundled for the browser by Bun.build, loaded by a
// page of a real program of the library, resumes its session across a server-side close (1012),
// with what the server sent meanwhile and what the page sent while away, each once.
import {afterAll, afterEach, expect, test} from "bun:test";
import {resolve} from "node:path";
import {endAll, freePort, startHot} from "hot-harness";
import {chromium, type Browser} from "playwright-core";
import {findBrowser, type FoundBrowser} from "./browser.ts";

const CLIENT_ENTRY = resolve(import.meta.dir, "../../library/jopi-rewrite/src/client/index.ts");

const found: FoundBrowser | Error = await findBrowser().catch((error: Error) => error);
const noBrowser = found instanceof Error ? `no Chromium to drive: ${found.message}` : undefined;
if (noBrowser) console.log(`skipped: the client in Chromium (${noBrowser})`);

let browser: Browser | undefined;
afterEach(endAll);
afterAll(async () => {
    await browser?.close();
});

const program = `import {JopiServer, WebSite} from "jopi-rewrite";
const server = new JopiServer();
const site = server.addWebsite(new WebSite("http://127.0.0.1"));
const received = [];
let next = 1;
const page = \`<!doctype html><title>client</title><script type="module">
import {ResumableWebSocket} from "/client.js";
const ws = new ResumableWebSocket("/chat");
window.seen = {opens: [], messages: []};
window.ws = ws;
ws.onopen = () => window.seen.opens.push(ws.recovered);
ws.onmessage = (event) => window.seen.messages.push(event.data);
</script>\`;
site.onGET("/", (req) => req.htmlResponse(page));
site.onGET("/client.js", () => new Response(Bun.file(import.meta.dir + "/client.js"), {headers: {"content-type": "text/javascript"}}));
site.onWebSocket("/chat", {
    resume: {keepFor: "10s"},
    message(ws, text) { received.push(text); },
});
site.onGET("/send", (req) => {
    for (const ws of site.webSockets()) ws.send("s" + next++);
    return req.textResponse(String(next - 1));
});
site.onGET("/cut", (req) => {
    for (const ws of site.webSockets()) ws.raw.close(1012, "restart");
    return req.textResponse("cut");
});
site.onGET("/received", (req) => req.jsonResponse(received));
server.startServer();
`;

test.skipIf(noBrowser !== undefined)("the client in Chromium resumes across a server-side close: recovered, nothing lost, nothing twice", async () => {
    const build = await Bun.build({entrypoints: [CLIENT_ENTRY], target: "browser", format: "esm"});
    expect(build.success).toBe(true);
    const bundle = await build.outputs[0]!.text();
    // Web APIs only: a page has no node: or bun modules.
    expect(bundle).not.toMatch(/\b(require|import)\s*\(?\s*["'](node:|bun:?)/);

    const port = await freePort();
    const app = startHot({files: {"index.ts": program, "client.js": bundle}, env: {PORT: String(port)}});
    await app.stdout.waitFor("Website started: http://127.0.0.1:");
    const url = `http://127.0.0.1:${port}`;
    const {executablePath, args} = found as FoundBrowser;
    browser = await chromium.launch({executablePath, args});
    const page = await browser.newPage();
    await page.goto(url);
    const seen = () => page.evaluate(() => (window as unknown as {seen: {opens: boolean[]; messages: string[]}}).seen);
    const until = (check: string) => page.waitForFunction(check, undefined, {timeout: 5000});

    await until("window.seen?.opens.length === 1");
    await page.evaluate(() => (window as unknown as {ws: {send(text: string): void}}).ws.send("c1"));
    await fetch(`${url}/send`);
    await until("window.seen.messages.length === 1");
    await fetch(`${url}/cut`);
    await until(`window.ws.readyState === ${0}`);
    await page.evaluate(() => (window as unknown as {ws: {send(text: string): void}}).ws.send("c2"));
    await fetch(`${url}/send`);
    await until("window.seen.opens.length === 2 && window.seen.messages.length === 2");
    await until("window.ws.bufferedAmount === 0");

    expect(await seen()).toEqual({opens: [false, true], messages: ["s1", "s2"]});
    expect(await (await fetch(`${url}/received`)).json()).toEqual(["c1", "c2"]);
}, 30_000);
