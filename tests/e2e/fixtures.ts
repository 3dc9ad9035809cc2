/**
 * End-to-end fixtures: the real browser host (built dist/main/host.cjs on Node 24) with a
 * temporary data directory, driven in Debian's Chromium through playwright-core.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { makeTempDir } from '../helpers/temp-dir';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const NODE = path.resolve('node_modules/.bin/node');
const HOST_ENTRY = path.resolve('dist/main/host.cjs');

export type RunningHost = { url: string; process: ChildProcess; dataDir: string };

/** `env`: extra variables for the host, e.g. `{ ANXIN_CLOCK_OFFSET_MS: String(8 * 86_400_000) }`. */
export function startHostProcess(dataDir: string, env: Record<string, string> = {}): Promise<RunningHost> {
  if (!fs.existsSync(HOST_ENTRY)) throw new Error('dist/main/host.cjs is missing: run `npm run build` first');
  const child = spawn(NODE, [HOST_ENTRY], {
    env: { ...process.env, ...env, ANXIN_DATA_DIR: dataDir, ANXIN_NO_OPEN: '1' },
    stdio: ['ignore', 'pipe', 'pipe']
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`host did not start: ${err}`)), 30_000);
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^Anxin is running at (\S+)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1]!, process: child, dataDir });
      }
    });
    child.on('exit', (code) => reject(new Error(`host exited with ${code}: ${err}`)));
  });
}

export async function stopHostProcess(host: RunningHost, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (host.process.exitCode !== null || host.process.signalCode !== null) return;
  const exited = new Promise((r) => host.process.once('exit', r));
  host.process.kill(signal);
  await exited;
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic']
  });
}

export async function newPage(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  (page as Page & { problems?: string[] }).problems = problems;
  await page.goto(url);
  return page;
}

export const chromiumAvailable = () => fs.existsSync(CHROMIUM_PATH);
export { makeTempDir };
