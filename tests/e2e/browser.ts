/**
 * Finds the Chromium that the browser tests and `npm run audit` drive, so that
 * `npm install && npm test` needs nothing but Node and npm. In order:
 *   1. CHROMIUM_PATH, when set (it must exist);
 *   2. a Chromium or Chrome installed on the system;
 *   3. on Linux, the Chromium that ships inside the `@sparticuz/chromium` npm
 *      package, unpacked once into .scratch/chromium/ (not the system temp
 *      folder, which the test run must leave as it found it).
 */
import fs from 'node:fs';
import path from 'node:path';

export type FoundBrowser = {
  executablePath: string;
  /** Flags for a headless Chromium run as root in a container without a GPU. */
  args: string[];
  /** Which browser this is and why it was chosen, for the test's log. */
  source: string;
};

const siteDir = path.resolve(import.meta.dir, '../..');
const unpackDir = path.join(siteDir, '.scratch/chromium');

// Without the background-networking flags, Chromium keeps trying hosts that a
// closed network refuses; --no-sandbox because CI runs as root.
const baseArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const systemBrowsers: Partial<Record<NodeJS.Platform, string[]>> = {
  linux: ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'],
  darwin: ['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', '/Applications/Chromium.app/Contents/MacOS/Chromium'],
};

/** The browser to drive; throws with the way to get one when there is none. */
export async function findBrowser(): Promise<FoundBrowser> {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!fs.existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH is ${fromEnv}, which does not exist: fix it or unset it.`);
    return {executablePath: fromEnv, args: baseArgs, source: `${fromEnv} (from CHROMIUM_PATH)`};
  }
  const installed = (systemBrowsers[process.platform] ?? []).find((candidate) => fs.existsSync(candidate));
  if (installed) return {executablePath: installed, args: baseArgs, source: `${installed} (installed on this system)`};
  if (process.platform === 'linux') return await npmChromium();
  throw new Error(`no Chromium or Chrome found on ${process.platform}: install Google Chrome, or set CHROMIUM_PATH to a Chromium binary.`);
}

async function npmChromium(): Promise<FoundBrowser> {
  // The package unpacks into os.tmpdir(), which reads TMPDIR at each call;
  // point it at our own folder while it unpacks, then restore it.
  fs.mkdirSync(unpackDir, {recursive: true});
  const tmpdir = process.env.TMPDIR;
  process.env.TMPDIR = unpackDir;
  try {
    const {default: chromium} = await import('@sparticuz/chromium');
    const executablePath = await chromium.executablePath();
    const version = JSON.parse(fs.readFileSync(path.join(siteDir, 'node_modules/@sparticuz/chromium/package.json'), 'utf8')).version;
    return {
      executablePath,
      args: baseArgs,
      source: `${path.relative(siteDir, executablePath)} (@sparticuz/chromium ${version} from npm: no system Chromium or Chrome was found)`,
    };
  } finally {
    if (tmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = tmpdir;
  }
}
