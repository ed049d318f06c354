/**
 * For the tests that run a one-file website under a real `bun --hot`: start it on a free port and
 * save new versions of it, each time waiting for the line that says the new code took the port.
 */
import {freePort, startHot, type HotProcess} from "hot-harness";

/**
 * Starts `source` as index.ts under bun --hot with PORT set to a free port; resolves once it listens.
 * @example const {app, url} = await startWebsite(`...server.startServer();`);
 */
export async function startWebsite(source: string): Promise<{app: HotProcess; url: string; port: number}> {
    const port = await freePort();
    const app = startHot({files: {"index.ts": source}, env: {PORT: String(port)}});
    await app.stdout.waitFor("Website started: http://127.0.0.1:");
    return {app, url: `http://127.0.0.1:${port}`, port};
}

/**
 * Saves a new version of the program and waits until it has taken over the port.
 * @example await saveWebsite(app, source.replace("v1", "v2"));
 */
export async function saveWebsite(app: HotProcess, source: string): Promise<void> {
    app.write("index.ts", source);
    await app.stdout.waitFor("Website reloaded: http://127.0.0.1:");
}
