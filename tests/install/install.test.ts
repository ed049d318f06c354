// The packed libraries, installed as a new user installs them: from a registry, in a fresh folder
// outside the repository, once with npm and once with Bun; then the getting-started example under
// bun --hot, `jopi-rewrite example` (the docs' examples from the package), `jopi-rewrite serve` and
// `restart`, tsc on the app, and Node's one-line refusal.
// The registry is a local one (local-registry.ts) serving the tarballs of this run, so the test
// needs nothing published, and runs the very commands the docs print: `file:` specs to the
// tarballs would skip what failed for users, the registry resolving `jopi-rewrite`'s dependency.
// bun-init-tsconfig.json is the tsconfig.json that `bun init` of Bun 1.4.5 writes, unchanged.
import {afterAll, beforeAll, describe, expect, test} from "bun:test";
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {freePort} from "hot-harness";
import {packLibraries, type Tarball} from "../../pack/stage.ts";
import {endAllStarted, FreshApp, REPO_BIN} from "./fresh-app.ts";
import {startLocalRegistry} from "./local-registry.ts";

const REPO_ROOT = resolve(import.meta.dir, "../..");
// The line the docs give for an app that imports jopi-node-space itself (see the README's Install).
const NODE_SPACE_ALIAS = "jopi-node-space@npm:@jopi-rewrite/node-space";
// A `bun init` app has @types/bun ("latest" there): here the version of the Bun the tests run on.
const BUN_TYPES = "@types/bun@1.4.5";
const INSTALL_FLAGS = ["--prefer-offline", "--no-audit", "--no-fund"];

// An app's use of `jopi-rewrite/client`, typed as a page would use it.
const CLIENT_APP = `import {ResumableWebSocket, type ResumableWebSocketOptions} from "jopi-rewrite/client";
const options: ResumableWebSocketOptions = {backoff: {base: 100, cap: 5_000}, maxAttempts: 10, maxQueuedMessages: 100};
const ws = new ResumableWebSocket("ws://127.0.0.1:3000/chat", options);
ws.binaryType = "arraybuffer";
ws.onopen = () => { if (!ws.recovered) ws.send("hello " + ws.sessionId); };
ws.addEventListener("message", (event) => console.log(event.data, ws.bufferedAmount));
ws.onclose = (event) => console.log(event.code, event.reason, ws.readyState === ResumableWebSocket.CLOSED);
`;

let work: string;
let tarballs: Tarball[];
let registry: ReturnType<typeof startLocalRegistry>;

beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "jopi-install-"));
    tarballs = await packLibraries(join(work, "tarballs"), join(work, "stage"));
    registry = startLocalRegistry(tarballs);
}, 90_000);

afterAll(async () => {
    await endAllStarted();
    registry?.stop();
    rmSync(work, {recursive: true, force: true});
});

function freshApp(name: string): FreshApp {
    return new FreshApp(join(work, name), {
        NPM_CONFIG_REGISTRY: registry.url,
        BUN_CONFIG_REGISTRY: registry.url,
        // Bun keeps packages by name and version: a cache of its own keeps an older jopi-rewrite@0.1.0 out.
        BUN_INSTALL_CACHE_DIR: join(work, "bun-cache"),
    });
}

async function expectSuccess(app: FreshApp, command: string[], timeoutMs?: number): Promise<string> {
    const {exitCode, output} = await app.run(command, timeoutMs);
    if (exitCode !== 0) throw new Error(`\`${command.join(" ")}\` exited with ${exitCode} in the fresh app:\n${output}`);
    return output;
}

async function body(port: number): Promise<string> {
    return (await fetch(`http://127.0.0.1:${port}/`)).text();
}

// The docs' single-file examples that use only the libraries: the app's code for tsc.
function singleFileExamples(): string[] {
    const sandbox = join(REPO_ROOT, "sandbox");
    return readdirSync(sandbox).filter((slug) => {
        const files = existsSync(join(sandbox, slug, "index.ts")) ? readdirSync(join(sandbox, slug)) : [];
        const code = files.filter((file) => /\.(ts|js)$/.test(file) && file !== "check.ts");
        if (code.length !== 1 || code[0] !== "index.ts") return false;
        const imports = [...readFileSync(join(sandbox, slug, "index.ts"), "utf8").matchAll(/from "([^"]+)"|import "([^"]+)"/g)];
        return imports.every((match) => /^(jopi-rewrite|jopi-node-space|bun|node:.*)$/.test(match[1] ?? match[2]!));
    });
}

test("the tarballs hold no test, torture test, test helper or import of the private hot-harness", () => {
    const unpacked = join(work, "unpacked");
    for (const tarball of tarballs) {
        expect(tarball.files.filter((file) => /\.test\.ts$|(^|\/)(torture|tests?)\/|(^|\/)test-[^/]*$/.test(file))).toEqual([]);
        const dir = join(unpacked, tarball.name);
        mkdirSync(dir, {recursive: true});
        expect(Bun.spawnSync(["tar", "-xzf", tarball.path, "-C", dir]).exitCode).toBe(0);
        const privateImports = tarball.files.filter((file) => readFileSync(join(dir, "package", file), "utf8").includes("hot-harness"));
        expect(privateImports).toEqual([]);
        expect(tarball.files).toContain("README.md");
        expect(tarball.files).toContain("LICENSE");
    }
});

for (const manager of ["npm", "bun"] as const) {
    describe(`installed with ${manager}`, () => {
        let app: FreshApp;

        test(`\`${manager === "npm" ? "npm install" : "bun add"} jopi-rewrite\` installs from the registry, and so does the alias of jopi-node-space`, async () => {
            app = freshApp(`${manager}-app`);
            app.write("package.json", JSON.stringify({name: `${manager}-app`, type: "module", private: true}, null, 2));
            const add = manager === "npm" ? ["npm", "install", ...INSTALL_FLAGS] : [join(REPO_BIN, "bun"), "add"];
            await expectSuccess(app, [...add, "jopi-rewrite", BUN_TYPES]);
            expect(existsSync(join(app.dir, "node_modules/jopi-rewrite/types/implementation.d.ts"))).toBe(true);
            await expectSuccess(app, [...add, NODE_SPACE_ALIAS]);
            const manifest = JSON.parse(readFileSync(join(app.dir, "package.json"), "utf8"));
            expect(manifest.dependencies["jopi-node-space"]).toStartWith("npm:@jopi-rewrite/node-space@");
        }, 60_000);

        test("the getting-started example runs under bun --hot, and an edit is served at once", async () => {
            app.write("index.ts", readFileSync(join(REPO_ROOT, "sandbox/hello/index.ts"), "utf8"));
            const port = await freePort();
            app.env.PORT = String(port);
            const hot = app.start([join(REPO_BIN, "bun"), "--hot", "--no-clear-screen", "index.ts"]);
            try {
                await hot.stdout.waitFor("Website started", {timeoutMs: 15_000});
                expect(await body(port)).toBe("<h1>Hello world!</h1>");
                app.write("index.ts", readFileSync(join(app.dir, "index.ts"), "utf8").replace("Hello world!", "Hello Jopi!"));
                await hot.stdout.waitFor("Website reloaded", {timeoutMs: 15_000});
                expect(await body(port)).toBe("<h1>Hello Jopi!</h1>");
            } finally {
                await app.stop(hot);
            }
        }, 40_000);

        test("`jopi-rewrite example hello` writes the docs' example from the package into ./hello/, and it runs there", async () => {
            const cli = join(app.dir, "node_modules/.bin/jopi-rewrite");
            expect(await expectSuccess(app, [cli, "example"])).toContain("package-edit");
            const said = await expectSuccess(app, [cli, "example", "hello"]);
            expect(said).toContain("Run it: cd hello && bun --hot index.ts");
            expect(readFileSync(join(app.dir, "hello/index.ts"), "utf8")).toBe(readFileSync(join(REPO_ROOT, "sandbox/hello/index.ts"), "utf8").replace(/^[ \t]*\/\/[ \t]*highlight-(next-line|start|end)[ \t]*\n/gm, ""));
            const again = await app.run([cli, "example", "hello"]);
            expect([again.exitCode, again.output]).toEqual([1, expect.stringContaining("already exists")]);
            await expectSuccess(app, [cli, "example", "package-edit"]);
            expect(existsSync(join(app.dir, "package-edit/node_modules/greeting/package.json"))).toBe(true);
            const port = await freePort();
            app.env.PORT = String(port);
            const hot = app.start([join(REPO_BIN, "bun"), "--hot", "--no-clear-screen", "hello/index.ts"]);
            try {
                await hot.stdout.waitFor("Website started", {timeoutMs: 15_000});
                expect(await body(port)).toBe("<h1>Hello world!</h1>");
            } finally {
                await app.stop(hot);
                // The app's own files stay what the next tests type-check and serve.
                for (const folder of ["hello", "package-edit"]) rmSync(join(app.dir, folder), {recursive: true, force: true});
            }
        }, 40_000);

        test("`jopi-rewrite serve --workers 2` serves the app and `jopi-rewrite restart` replaces its workers", async () => {
            const port = await freePort();
            app.env.PORT = String(port);
            const cli = join(app.dir, "node_modules/.bin/jopi-rewrite");
            const supervisor = app.start([cli, "serve", "index.ts", "--workers", "2"]);
            try {
                await supervisor.stdout.waitFor(/2 worker\(s\) of index\.ts answer on port /, {timeoutMs: 30_000});
                expect(await body(port)).toBe("<h1>Hello Jopi!</h1>");
                const restart = await expectSuccess(app, [cli, "restart"], 60_000);
                expect(restart).toContain("jopi-rewrite: rolling restart done.");
                expect(await body(port)).toBe("<h1>Hello Jopi!</h1>");
                expect(await app.stop(supervisor, "SIGTERM")).toBe(0);
            } finally {
                await app.stop(supervisor);
            }
        }, 90_000);

        test("tsc finds 0 errors, under the tsconfig `bun init` writes and under strict + exactOptionalPropertyTypes", async () => {
            for (const slug of singleFileExamples()) app.write(`examples/${slug}.ts`, readFileSync(join(REPO_ROOT, "sandbox", slug, "index.ts"), "utf8"));
            // The client, through its own export: its declarations must be found and complete.
            app.write("client.ts", CLIENT_APP);
            app.write("tsconfig.json", readFileSync(join(import.meta.dir, "bun-init-tsconfig.json"), "utf8"));
            // The strictest flags on the getting-started example and one that imports jopi-node-space:
            // between them they load every declaration. Not on the other examples: they read route
            // parameters as `req.urlParams.id`, which noPropertyAccessFromIndexSignature refuses in the
            // app's own code, whatever the library. The npm app also checks the declarations themselves
            // (no skipLibCheck), where an unknown name would silently be `any`: the same files in both
            // apps, and checking them costs ~10 s.
            app.write("tsconfig.strict.json", JSON.stringify({
                extends: "./tsconfig.json",
                compilerOptions: {strict: true, exactOptionalPropertyTypes: true, noPropertyAccessFromIndexSignature: true, skipLibCheck: manager === "bun"},
                files: ["index.ts", "examples/on-hot-reload.ts", "client.ts"],
            }));
            for (const project of ["tsconfig.json", "tsconfig.strict.json"]) {
                const {exitCode, output} = await app.run([join(REPO_BIN, "tsc"), "--noEmit", "-p", project]);
                expect({project, exitCode, output}).toEqual({project, exitCode: 0, output: ""});
            }
        }, 60_000);

        test("under Node, importing jopi-rewrite prints one line: it runs on Bun, and which version", async () => {
            app.write("node-check.mjs", `import "jopi-rewrite";\n`);
            const {exitCode, output} = await app.run(["node", "node-check.mjs"]);
            const nodeVersion = (await expectSuccess(app, ["node", "--version"])).trim();
            const minimum = JSON.parse(readFileSync(join(app.dir, "node_modules/jopi-rewrite/package.json"), "utf8")).engines.bun.replace(">=", "");
            expect({exitCode, output}).toEqual({
                exitCode: 1,
                output: `jopi-rewrite: this package runs on Bun (>= ${minimum}), not Node.js ${nodeVersion}. Run your app with bun (https://bun.sh).`,
            });
        }, 30_000);

        if (manager === "npm") {
            test("a later `bun add` works in the app that npm installed", async () => {
                await expectSuccess(app, [join(REPO_BIN, "bun"), "add", "lru-cache@11.5.3"]);
                const loaded = await expectSuccess(app, [join(REPO_BIN, "bun"), "-e", `import {JopiServer} from "jopi-rewrite"; import {ResumableWebSocket} from "jopi-rewrite/client"; import "jopi-node-space"; console.log(typeof JopiServer, typeof NodeSpace, typeof ResumableWebSocket);`]);
                expect(loaded.trim()).toBe("function object function");
            }, 30_000);
        }
    });
}
