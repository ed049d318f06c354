import {expect, test} from "bun:test";
import {resolve} from "node:path";
import {runInNewContext} from "node:vm";
import pkg from "../../package.json";

// The bundle a browser gets: the `browser` export condition, with the package's `browser` field
// applied as the site's bundler applies it (Bun.build would put its own zlib in instead).
async function browserBundle(): Promise<string> {
    const fields = pkg.browser as Record<string, string>;
    const build = await Bun.build({
        entrypoints: [resolve(import.meta.dir, "../..", pkg.exports["."].browser)],
        target: "browser",
        format: "esm",
        plugins: [{
            name: "package-browser-field",
            setup(builder) {
                builder.onResolve({filter: /^node:/}, (args) => {
                    const mapped = fields[args.path];
                    return mapped ? {path: resolve(import.meta.dir, "../..", mapped)} : undefined;
                });
            },
        }],
    });
    expect(build.success).toBe(true);
    // As a script for node:vm: the module's exports become the global `jopi`.
    const code = await build.outputs[0]!.text();
    return code.replace(/export\s*\{([^}]*)\};?\s*$/, (_, names: string) => {
        const pairs = names.split(",").map((name) => name.trim()).filter(Boolean).map((name) => {
            const [local, exported = local] = name.split(/\s+as\s+/);
            return `${exported}: ${local}`;
        });
        return `globalThis.jopi = {${pairs.join(", ")}};`;
    });
}

test("the browser entry bundles without node: or bun built-ins, and serves a program with only web globals", async () => {
    const code = await browserBundle();
    expect(code).not.toMatch(/\b(require|import)\s*\(?\s*["'](node:|bun:?)/);

    const lines: string[] = [];
    const log = (...args: unknown[]) => lines.push(args.join(" "));
    const context: Record<string, unknown> = {
        console: {log, error: log, warn: log}, setTimeout, clearTimeout, URL, Request, Response, Headers, Blob,
        TextEncoder, TextDecoder, ReadableStream, ByteLengthQueuingStrategy, Promise, crypto, btoa, setInterval, clearInterval, globalThis: undefined,
    };
    context.globalThis = context;
    // A script has no import.meta.url; jopi-node-space only uses it as a name.
    runInNewContext(code.replaceAll("import.meta.url", '"https://docs.example/bundle.js"'), context);
    runInNewContext(`process.env.PORT = "4321";
        const {JopiServer, WebSite} = jopi;
        const server = new JopiServer();
        const site = server.addWebsite(new WebSite("http://127.0.0.1:3000"));
        site.onGET("/", (req) => req.htmlResponse("hello from the page"));
        site.onGET("/events", (req) => req.eventStream({resume: true, open(stream) { stream.send({event: "tick", data: "é ✓"}); stream.send("2"); }}));
        server.startServer();`, context);
    expect(lines).toEqual(["Website started: http://127.0.0.1:4321"]);
    const res = await runInNewContext(`jopi.fetchPort(4321, new Request("http://127.0.0.1:4321/"))`, context) as Response;
    expect([res.status, await res.text()]).toEqual([200, "hello from the page"]);
    await expect(runInNewContext(`jopi.fetchPort(9, new Request("http://127.0.0.1:9/"))`, context)).rejects.toThrow(/nothing listens on port 9/);
    // A resumable stream numbers its events and keeps them for a replay in the page as in Bun.
    const events = await runInNewContext(`jopi.fetchPort(4321, new Request("http://127.0.0.1:4321/events"))`, context) as Response;
    const reader = events.body!.getReader();
    let text = "";
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        text += new TextDecoder().decode(chunk.value);
        if (text.endsWith("data: 2\n\n")) break;
    }
    await reader.cancel();
    expect(text).toMatch(/event: tick\nid: [\w-]{22}\.1\ndata: é ✓\n\nid: [\w-]{22}\.2\ndata: 2\n\n$/);
    // The check of route regular expressions loads safe-regex2 on demand: the bundle must hold it.
    const refused = runInNewContext(`try { new jopi.WebSite("http://127.0.0.1:3000").onGET("/r/:x((?:a+)+b)", () => null); } catch (error) { error.message }`, context);
    expect(refused).toContain("can take exponential time");
});

// Bun must keep loading the plain-JavaScript entry that alone runs again at each reload; only
// bundlers targeting browsers take the browser entry.
test("Bun resolves jopi-rewrite to its // @bun entry, bundlers for the browser to the browser entry", () => {
    expect(Bun.resolveSync("jopi-rewrite", import.meta.dir)).toBe(resolve(import.meta.dir, "../index.js"));
    expect(pkg.exports["."].browser).toBe("./src/browser/index.ts");
    expect(Object.keys(pkg.exports["."]).indexOf("bun")).toBeLessThan(Object.keys(pkg.exports["."]).indexOf("browser"));
});
