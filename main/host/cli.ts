/**
 * `npm run web`: the app in the user's browser, for machines where Electron cannot run.
 * Prints exactly one line with the URL (its fragment holds the per-run secret); nothing else
 * writes that secret anywhere.
 */
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { resolveDataDir } from '../data-dir';
import { createAnxinMain } from '../app';
import { startHost, type Host } from './server';

function openInBrowser(url: string): void {
  const desktop = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  if (!desktop || process.env.CI || process.env.ANXIN_NO_OPEN) return;
  const [cmd, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  const child = spawn(cmd as string, args as string[], { stdio: 'ignore', detached: true });
  child.on('error', () => {}); // no opener: the printed line is enough
  child.unref();
}

/**
 * `ANXIN_CLOCK_OFFSET_MS` (browser host only, a test and demo aid — README, docs/referrals.md):
 * shifts the clock the main services read by that many milliseconds (e.g. 8 days on, to show
 * overdue referrals). The relay still checks request times against its own clock: the relay
 * client learns that offset from the relay's answer (details.serverTime) and signs with it.
 */
function clockFromEnv(env: NodeJS.ProcessEnv): (() => number) | undefined {
  const raw = env.ANXIN_CLOCK_OFFSET_MS?.trim();
  if (!raw) return undefined;
  const offset = Number(raw);
  if (!Number.isSafeInteger(offset)) throw new Error('ANXIN_CLOCK_OFFSET_MS must be a whole number of milliseconds');
  return () => Date.now() + offset;
}

async function main(): Promise<void> {
  const dataDir = resolveDataDir(process.env, process.platform, os.homedir());
  const now = clockFromEnv(process.env);
  if (now) process.stderr.write(`ANXIN_CLOCK_OFFSET_MS: the clock is shifted to ${new Date(now()).toISOString()}\n`);
  let host: Host | null = null;
  const app = await createAnxinMain({
    dataDir,
    shell: 'browser',
    ...(now ? { now } : {}),
    emit: (name, payload) => host?.broadcast(name, payload),
    log: (line) => process.stderr.write(`${line}\n`)
  });
  const port = process.env.ANXIN_PORT ? Number(process.env.ANXIN_PORT) : 0;
  host = await startHost({ rendererDir: path.join(__dirname, '..', 'renderer'), dispatch: app.dispatch, port });
  process.stdout.write(`Anxin is running at ${host.url}\n`);
  openInBrowser(host.url);

  const shutdown = async () => {
    await app.close();
    await host?.close();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((e: unknown) => {
  process.stderr.write(`Anxin could not start: ${(e as Error)?.message ?? 'unknown error'}\n`);
  process.exit(1);
});
