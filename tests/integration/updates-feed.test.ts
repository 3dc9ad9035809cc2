/**
 * The update decision module (main/services/updates/) against a real feed served on
 * 127.0.0.1 by this test: latest-linux.yml / beta-linux.yml naming a real file with its
 * sha512, as electron-builder writes them. Covers: newer → offered and the downloaded file
 * verifies; same or older → nothing (a downgrade is refused whatever the feed says); the
 * beta channel; a tampered file → refused; a malformed feed → clear error; no network →
 * clear error and an earlier retry; and the controller's way from check to "installed when
 * you quit" (never a restart by itself).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { isAppError } from '../../shared/errors';
import type { UpdateStatus } from '../../shared/ipc/features/desktop.contract';
import { createUpdateController, type UpdateEngine } from '../../main/services/updates/controller';
import { checkForUpdate, feedFileUrl, fetchFeed, verifyDownloadedFile, type FeedInfo } from '../../main/services/updates/feed';
import { FIRST_CHECK_DELAY_MS, HOUR_MS, RETRY_AFTER_MS } from '../../main/services/updates/policy';
import { createUpdateSettings } from '../../main/services/updates/settings';
import { makeTempDir } from '../helpers/temp-dir';

const sha512 = (bytes: Buffer) => createHash('sha512').update(bytes).digest('base64');

/** What the feed server serves: path → body (a function to change it between tests). */
const files = new Map<string, Buffer | string>();
let server: http.Server;
let base: string;
let tmp: ReturnType<typeof makeTempDir>;

const RELEASE = Buffer.alloc(300_000, 0);
for (let i = 0; i < RELEASE.length; i++) RELEASE[i] = (i * 31 + 7) % 251;

function feedYaml(version: string, file: string, bytes: Buffer, extra: Record<string, unknown> = {}): string {
  // The shape electron-builder writes (app-builder-lib's updateInfoBuilder).
  return stringify({
    version,
    files: [{ url: file, sha512: sha512(bytes), size: bytes.length }],
    path: file,
    sha512: sha512(bytes),
    releaseDate: '2026-11-20T10:00:00.000Z',
    ...extra
  });
}

async function expectAppError(promise: Promise<unknown>, code: string): Promise<Record<string, unknown> | undefined> {
  try {
    await promise;
  } catch (e) {
    expect(isAppError(e), String(e)).toBe(true);
    expect((e as { code: string }).code).toBe(code);
    return (e as { details?: Record<string, unknown> }).details;
  }
  throw new Error(`expected ${code}, but it succeeded`);
}

async function download(url: string, dest: string): Promise<string> {
  const r = await fetch(url);
  expect(r.ok).toBe(true);
  fs.writeFileSync(dest, Buffer.from(await r.arrayBuffer()));
  return dest;
}

beforeAll(async () => {
  tmp = makeTempDir('anxin-updates-');
  server = http.createServer((req, res) => {
    const body = files.get(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    if (body === undefined) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-length': Buffer.byteLength(body) }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/anxin/`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  tmp?.cleanup();
});

const linux = { platform: 'linux', arch: 'x64' };

describe('the update decision against a feed on 127.0.0.1', () => {
  it('offers a newer version, and its file downloads and verifies against the sha512', async () => {
    files.set('/anxin/latest-linux.yml', feedYaml('1.2.0', 'Anxin-1.2.0.AppImage', RELEASE));
    files.set('/anxin/Anxin-1.2.0.AppImage', RELEASE);
    const { info, decision } = await checkForUpdate({ feedUrl: base, channel: 'stable', currentVersion: '1.1.0', ...linux });
    expect(decision).toEqual({ kind: 'offer', version: '1.2.0' });
    const file = await download(feedFileUrl(base, info.files[0]!), path.join(tmp.dir, 'ok.AppImage'));
    await expect(verifyDownloadedFile(file, info)).resolves.toMatchObject({ url: 'Anxin-1.2.0.AppImage' });
  });

  it('offers nothing for the same version, and refuses a downgrade the feed names', async () => {
    files.set('/anxin/latest-linux.yml', feedYaml('1.2.0', 'Anxin-1.2.0.AppImage', RELEASE));
    expect((await checkForUpdate({ feedUrl: base, channel: 'stable', currentVersion: '1.2.0', ...linux })).decision).toEqual({
      kind: 'none',
      reason: 'same-version'
    });
    // A rolled-back feed: 1.2.0 offered to a device running 1.3.1.
    expect((await checkForUpdate({ feedUrl: base, channel: 'stable', currentVersion: '1.3.1', ...linux })).decision).toEqual({
      kind: 'none',
      reason: 'older-version'
    });
    // Even the beta channel and a "downgrade" flag-like field in the feed change nothing.
    files.set('/anxin/beta-linux.yml', feedYaml('1.2.0', 'Anxin-1.2.0.AppImage', RELEASE, { allowDowngrade: true }));
    expect((await checkForUpdate({ feedUrl: base, channel: 'beta', currentVersion: '1.3.1', ...linux })).decision.kind).toBe('none');
  });

  it('beta channel: reads beta*.yml and offers prereleases; stable never offers one', async () => {
    files.set('/anxin/latest-linux.yml', feedYaml('1.3.0-beta.1', 'Anxin-1.3.0-beta.1.AppImage', RELEASE));
    files.set('/anxin/beta-linux.yml', feedYaml('1.3.0-beta.2', 'Anxin-1.3.0-beta.2.AppImage', RELEASE));
    // A misconfigured latest-linux.yml naming a beta: stable devices stay where they are.
    expect((await checkForUpdate({ feedUrl: base, channel: 'stable', currentVersion: '1.2.0', ...linux })).decision).toEqual({
      kind: 'none',
      reason: 'prerelease-on-stable'
    });
    expect((await checkForUpdate({ feedUrl: base, channel: 'beta', currentVersion: '1.2.0', ...linux })).decision).toEqual({ kind: 'offer', version: '1.3.0-beta.2' });
    expect((await checkForUpdate({ feedUrl: base, channel: 'beta', currentVersion: '1.3.0-beta.1', ...linux })).decision.kind).toBe('offer');
    // The stable release after a beta is newer than the beta: a beta device moves on to it.
    files.set('/anxin/beta-linux.yml', feedYaml('1.3.0', 'Anxin-1.3.0.AppImage', RELEASE));
    expect((await checkForUpdate({ feedUrl: base, channel: 'beta', currentVersion: '1.3.0-beta.2', ...linux })).decision).toEqual({ kind: 'offer', version: '1.3.0' });
  });

  it('reads the file of the platform: latest.yml on Windows, latest-mac.yml on macOS', async () => {
    files.set('/anxin/latest.yml', feedYaml('2.0.0', 'Anxin-Setup-2.0.0.exe', RELEASE));
    files.set('/anxin/latest-mac.yml', feedYaml('2.0.1', 'Anxin-2.0.1-mac.zip', RELEASE));
    expect((await fetchFeed({ feedUrl: base, channel: 'stable', platform: 'win32', arch: 'x64' })).version).toBe('2.0.0');
    expect((await fetchFeed({ feedUrl: base, channel: 'stable', platform: 'darwin', arch: 'arm64' })).version).toBe('2.0.1');
  });

  it('refuses a tampered file: one flipped byte → update/tampered', async () => {
    files.set('/anxin/latest-linux.yml', feedYaml('1.2.0', 'Anxin-1.2.0.AppImage', RELEASE));
    const tampered = Buffer.from(RELEASE);
    tampered[1000] = tampered[1000]! ^ 0x01;
    files.set('/anxin/Anxin-1.2.0.AppImage', tampered);
    const info = await fetchFeed({ feedUrl: base, channel: 'stable', ...linux });
    const file = await download(feedFileUrl(base, info.files[0]!), path.join(tmp.dir, 'tampered.AppImage'));
    await expectAppError(verifyDownloadedFile(file, info), 'update/tampered');
    // A truncated file too (same prefix, fewer bytes).
    fs.writeFileSync(file, RELEASE.subarray(0, 1000));
    await expectAppError(verifyDownloadedFile(file, info), 'update/tampered');
  });

  it('reports a malformed feed clearly: not YAML, or not the expected shape', async () => {
    files.set('/anxin/latest-linux.yml', 'version: [1.2.0\nfiles: {{{');
    await expectAppError(fetchFeed({ feedUrl: base, channel: 'stable', ...linux }), 'update/malformed-feed');
    files.set('/anxin/latest-linux.yml', stringify({ version: '1.2.0', files: [{ url: 'x.AppImage', sha512: 'not-a-hash' }] }));
    await expectAppError(fetchFeed({ feedUrl: base, channel: 'stable', ...linux }), 'update/malformed-feed');
    files.set('/anxin/latest-linux.yml', stringify({ version: '1.2.0', files: [{ url: 'file:///etc/passwd', sha512: sha512(RELEASE) }] }));
    await expectAppError(fetchFeed({ feedUrl: base, channel: 'stable', ...linux }), 'update/malformed-feed');
    files.set('/anxin/latest-linux.yml', feedYaml('twelve', 'x.AppImage', RELEASE));
    await expectAppError(checkForUpdate({ feedUrl: base, channel: 'stable', currentVersion: '1.0.0', ...linux }), 'update/malformed-feed');
  });

  it('reports a missing feed file as feed-unavailable, and no network as offline (retry later)', async () => {
    const details = await expectAppError(fetchFeed({ feedUrl: `${base}nowhere/`, channel: 'stable', ...linux }), 'update/feed-unavailable');
    expect(details).toMatchObject({ status: 404 });
    // A port nobody listens on: open a server, note its port, close it.
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const offline = await expectAppError(fetchFeed({ feedUrl: `http://127.0.0.1:${port}/`, channel: 'stable', ...linux }), 'update/offline');
    expect(offline).toMatchObject({ retryAfterMs: RETRY_AFTER_MS });
  });

  it('refuses feed addresses that are not https (or loopback http)', async () => {
    await expectAppError(fetchFeed({ feedUrl: 'http://updates.example.org/', channel: 'stable', ...linux }), 'update/invalid-feed-url');
    await expectAppError(fetchFeed({ feedUrl: 'https://user:pw@updates.example.org/', channel: 'stable', ...linux }), 'update/invalid-feed-url');
  });
});

/** Timers the test fires by hand: records the delays the controller asks for. */
function manualTimers() {
  const pending = new Map<number, { fn: () => void; ms: number }>();
  let next = 1;
  return {
    pending,
    setTimeout: (fn: () => void, ms: number) => {
      pending.set(next, { fn, ms });
      return next++;
    },
    clearTimeout: (h: unknown) => void pending.delete(h as number),
    /** Runs the earliest pending timer, as the clock would. */
    fireFirst: () => {
      const [id, timer] = [...pending.entries()][0]!;
      pending.delete(id);
      timer.fn();
    },
    delays: () => [...pending.values()].map((p) => p.ms)
  };
}

/**
 * The engine electron-updater provides in the app, here over plain HTTP from the same feed:
 * downloads the offered version's file, reporting progress.
 */
function httpEngine(dir: string) {
  const calls: string[] = [];
  const engine: UpdateEngine & { calls: string[] } = {
    calls,
    async download({ feedUrl, channel, version }, onProgress) {
      calls.push(`download ${channel} ${version}`);
      const info: FeedInfo = await fetchFeed({ feedUrl, channel, ...linux });
      const r = await fetch(feedFileUrl(feedUrl, info.files[0]!));
      const total = Number(r.headers.get('content-length'));
      const chunks: Buffer[] = [];
      let got = 0;
      for await (const chunk of r.body as unknown as AsyncIterable<Uint8Array>) {
        chunks.push(Buffer.from(chunk));
        got += chunk.length;
        onProgress((got / total) * 100);
      }
      const dest = path.join(dir, `dl-${version}-${calls.length}`);
      fs.writeFileSync(dest, Buffer.concat(chunks));
      return dest;
    },
    setInstallOnQuit: (on) => void calls.push(`installOnQuit ${on}`),
    quitAndInstall: () => void calls.push('quitAndInstall')
  };
  return engine;
}

describe('the update controller (check → background download → install on quit)', () => {
  function setup(currentVersion: string) {
    const dataDir = fs.mkdtempSync(path.join(tmp.dir, 'data-'));
    const settings = createUpdateSettings(dataDir);
    settings.set({ feedUrl: base, channel: 'stable', intervalHours: 4 });
    const timers = manualTimers();
    const engine = httpEngine(dataDir);
    const statuses: UpdateStatus[] = [];
    const controller = createUpdateController({
      availability: { enabled: true, disabledReason: null },
      currentVersion,
      settings,
      builtInFeedUrl: null,
      engine,
      ...linux,
      emit: (s) => statuses.push(s),
      timers
    });
    return { controller, timers, engine, statuses, settings };
  }

  it('downloads a newer version with progress, arms install-on-quit and never restarts by itself', async () => {
    files.set('/anxin/latest-linux.yml', feedYaml('1.2.0', 'Anxin-1.2.0.AppImage', RELEASE));
    files.set('/anxin/Anxin-1.2.0.AppImage', RELEASE);
    const { controller, timers, engine, statuses } = setup('1.1.0');
    controller.start();
    expect(timers.delays()).toEqual([FIRST_CHECK_DELAY_MS]);
    timers.fireFirst(); // the check at start
    await expect.poll(() => controller.status().state).toBe('downloaded');

    const states = statuses.map((s) => s.state);
    expect(states).toContain('checking');
    expect(states).toContain('downloading');
    const progress = statuses.filter((s) => s.state === 'downloading').map((s) => s.progress ?? -1);
    expect(progress[0]).toBe(0);
    expect(progress.at(-1)).toBe(100);
    expect(controller.status()).toMatchObject({ state: 'downloaded', version: '1.2.0', progress: null, error: null });
    expect(engine.calls).toEqual(['download stable 1.2.0', 'installOnQuit true']);
    // The next check is `intervalHours` later.
    expect(timers.delays()).toEqual([4 * HOUR_MS]);

    // A second check finds the same version: nothing is downloaded again.
    await controller.checkNow();
    expect(engine.calls).toEqual(['download stable 1.2.0', 'installOnQuit true']);
  });

  it('restarts only when asked, never with unsaved work in an unlocked vault, and locks first', async () => {
    files.set('/anxin/latest-linux.yml', feedYaml('1.2.0', 'Anxin-1.2.0.AppImage', RELEASE));
    files.set('/anxin/Anxin-1.2.0.AppImage', RELEASE);
    const { controller, engine } = setup('1.1.0');
    const order: string[] = [];
    expect(() => controller.installNow({ vaultUnlocked: false, unsavedWork: false, lock: () => order.push('lock') })).toThrow(
      expect.objectContaining({ code: 'update/not-downloaded' })
    );
    await controller.checkNow();
    expect(() => controller.installNow({ vaultUnlocked: true, unsavedWork: true, lock: () => order.push('lock') })).toThrow(
      expect.objectContaining({ code: 'update/unsaved-work' })
    );
    expect(engine.calls).not.toContain('quitAndInstall');
    controller.installNow({ vaultUnlocked: true, unsavedWork: false, lock: () => order.push('lock') });
    expect(order).toEqual(['lock']);
    expect(engine.calls.at(-1)).toBe('quitAndInstall');
  });

  it('discards a tampered download and does not arm the installation', async () => {
    files.set('/anxin/latest-linux.yml', feedYaml('1.2.0', 'Anxin-1.2.0.AppImage', RELEASE));
    const tampered = Buffer.from(RELEASE);
    tampered[5] = tampered[5]! ^ 0xff;
    files.set('/anxin/Anxin-1.2.0.AppImage', tampered);
    const { controller, engine, timers } = setup('1.1.0');
    const status = await controller.checkNow();
    expect(status.state).toBe('error');
    expect(status.error?.code).toBe('update/tampered');
    expect(engine.calls).toEqual(['download stable 1.2.0', 'installOnQuit false']);
    // A failed check is retried sooner than the interval.
    expect(timers.delays()).toEqual([RETRY_AFTER_MS]);
  });

  it('reports up-to-date, and an unreachable feed as offline with an earlier retry', async () => {
    files.set('/anxin/latest-linux.yml', feedYaml('1.1.0', 'Anxin-1.1.0.AppImage', RELEASE));
    const { controller, settings, timers } = setup('1.1.0');
    expect((await controller.checkNow()).state).toBe('up-to-date');
    expect(timers.delays()).toEqual([4 * HOUR_MS]);
    settings.set({ feedUrl: 'http://127.0.0.1:9/', channel: 'stable', intervalHours: 4 });
    const status = await controller.checkNow();
    expect(status).toMatchObject({ state: 'error', error: { code: 'update/offline' } });
    expect(timers.delays()).toEqual([RETRY_AFTER_MS]);
  });

  it('does nothing when updates are disabled (browser host, development)', async () => {
    const timers = manualTimers();
    const controller = createUpdateController({
      availability: { enabled: false, disabledReason: 'browser' },
      currentVersion: '1.0.0',
      settings: createUpdateSettings(tmp.dir),
      builtInFeedUrl: base,
      engine: null,
      ...linux,
      emit: () => {},
      timers
    });
    controller.start();
    expect(timers.delays()).toEqual([]);
    await expectAppError(controller.checkNow(), 'update/disabled');
  });
});

describe('update settings (device-wide file)', () => {
  it('round-trips, normalises the address, refuses bad ones and survives a corrupt file', () => {
    const dir = fs.mkdtempSync(path.join(tmp.dir, 'settings-'));
    const settings = createUpdateSettings(dir);
    expect(settings.get()).toEqual({ feedUrl: null, channel: 'stable', intervalHours: 6 });
    expect(settings.set({ feedUrl: 'https://updates.example.org/anxin', channel: 'beta', intervalHours: 12 })).toEqual({
      feedUrl: 'https://updates.example.org/anxin/',
      channel: 'beta',
      intervalHours: 12
    });
    expect(createUpdateSettings(dir).get().channel).toBe('beta');
    expect(() => settings.set({ feedUrl: 'ftp://updates.example.org/', channel: 'stable', intervalHours: 6 })).toThrow(
      expect.objectContaining({ code: 'update/invalid-feed-url' })
    );
    expect(() => settings.set({ feedUrl: null, channel: 'stable', intervalHours: 0 })).toThrow();
    fs.writeFileSync(path.join(dir, 'updates.json'), '{"feedUrl": 42');
    expect(settings.get()).toEqual({ feedUrl: null, channel: 'stable', intervalHours: 6 });
  });
});
