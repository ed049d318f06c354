/**
 * The two processes `npm run audit` needs: a compressing server of build/ and
 * one headless Chromium that every Lighthouse run opens a tab in. Each runs in
 * its own process group, so that one kill ends it with its children; stop()
 * is safe to call twice, and the runner calls it on every way out.
 */
import {spawn, type ChildProcess} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type {FoundBrowser} from '../e2e/browser';
import {freePort} from 'hot-harness';

export type Started = {stop: () => void};


function groupKiller(child: ChildProcess, then?: () => void): () => void {
  return () => {
    if (child.pid && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    then?.();
  };
}

async function waitFor<T>(what: string, child: ChildProcess, probe: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`jopi-docs audit: ${what} exited with code ${child.exitCode}.`);
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await Bun.sleep(200);
  }
  throw new Error(`jopi-docs audit: ${what} was not ready within ${ms / 1000} s.`);
}

/**
 * build/ served compressed, as a real host serves it (see site-server.ts), on a
 * free port of 127.0.0.1, in a process of its own so that Lighthouse's work in
 * this one does not delay its answers.
 */
export async function serveBuild(siteDir: string): Promise<Started & {base: string}> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [path.join(import.meta.dir, 'site-server.ts'), path.join(siteDir, 'build'), String(port)], {
    cwd: siteDir,
    detached: true,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const stop = groupKiller(child);
  try {
    await waitFor('the site server', child, async () => ((await fetch(base + '/')).ok ? true : undefined));
  } catch (error) {
    stop();
    throw error;
  }
  return {base, stop};
}

/**
 * A headless Chromium with a DevTools port for Lighthouse. Its profile lives in
 * `profileDir` (removed by stop()), not in the system temp folder.
 */
export async function startChromium(browser: FoundBrowser, profileDir: string): Promise<Started & {port: number}> {
  fs.rmSync(profileDir, {recursive: true, force: true});
  fs.mkdirSync(profileDir, {recursive: true});
  const args = ['--headless=new', ...browser.args, '--remote-debugging-port=0', `--user-data-dir=${profileDir}`, 'about:blank'];
  const child = spawn(browser.executablePath, args, {detached: true, stdio: 'ignore'});
  const stop = groupKiller(child, () => fs.rmSync(profileDir, {recursive: true, force: true}));
  try {
    // Chromium writes the port it chose on the first line of this file.
    const portFile = path.join(profileDir, 'DevToolsActivePort');
    const port = await waitFor('Chromium', child, async () => Number(fs.readFileSync(portFile, 'utf8').split('\n')[0]) || undefined);
    return {port, stop};
  } catch (error) {
    stop();
    throw error;
  }
}
