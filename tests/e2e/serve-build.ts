/**
 * The site on a free port, served by the `docusaurus` CLI in its own process
 * group so that one kill ends it and its children: build/ by `docusaurus
 * serve`, or the sources by `docusaurus start` (what `npm start` runs).
 */
import {spawn, type ChildProcess} from 'node:child_process';
import path from 'node:path';
import {docusaurusBin, docusaurusEnv} from './docusaurus-cli';
import {freePort} from 'hot-harness';

const siteDir = path.resolve(import.meta.dir, '../..');

export interface ServedSite {
  base: string;
  stop(): void;
}

/**
 * Serves build/ and resolves once it answers; throws if it never does within 30 s. The server's
 * process group ends with this process, whatever happens (`stop()` ends it sooner).
 */
export function serveBuild(): Promise<ServedSite> {
  return serveWith('serve', 30_000);
}

/**
 * Starts the development server, as `npm start` does, and resolves once it has
 * compiled the site and answers; throws if it does not within 3 minutes.
 */
export function serveDev(): Promise<ServedSite> {
  return serveWith('start', 180_000);
}

async function serveWith(command: 'serve' | 'start', readyWithinMs: number): Promise<ServedSite> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // docusaurusEnv: its jiti cache goes to node_modules/.cache, not the test run's temp folder.
  const child: ChildProcess = spawn(docusaurusBin, [command, '--port', String(port), '--host', '127.0.0.1', '--no-open'], {
    cwd: siteDir,
    env: docusaurusEnv(),
    detached: true,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const stop = () => {
    if (!child.pid || child.exitCode !== null) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  };
  process.on('exit', stop);
  const deadline = Date.now() + readyWithinMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`docusaurus ${command} exited with code ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/`)).ok) return {base, stop};
    } catch {
      // Not listening yet.
    }
    await Bun.sleep(200);
  }
  stop();
  throw new Error(`docusaurus ${command} did not answer on ${base} within ${readyWithinMs / 1000} s`);
}
