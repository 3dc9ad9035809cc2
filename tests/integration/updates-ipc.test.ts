/**
 * The desktop:* channels through the app's real dispatch (createAnxinMain, real vault in a
 * temporary folder): updates are off in the browser host; the settings need an unlocked vault
 * to change; a requested restart is refused while the renderer reports unsaved work, and
 * otherwise locks the vault before the engine restarts.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAnxinMain, type AnxinMain } from '../../main/app';
import { KDF_FLOOR } from '../../main/services/crypto';
import { createUpdateController, type UpdateEngine } from '../../main/services/updates/controller';
import { createUpdateSettings } from '../../main/services/updates/settings';
import type { Result } from '../../shared/result';
import { makeTempDir } from '../helpers/temp-dir';

const PASS = 'correct horse battery staple 安心';
const noTimers = { setTimeout: () => 0, clearTimeout: () => {} };

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.value;
}
const code = (r: Result<unknown>) => (r.ok ? 'ok' : r.error.code);

let tmp: ReturnType<typeof makeTempDir> | null = null;
let app: AnxinMain | null = null;
afterEach(async () => {
  await app?.close();
  tmp?.cleanup();
  app = null;
  tmp = null;
});

describe('desktop:* in the browser host', () => {
  it('reports updates as disabled, refuses checks and installs, keeps the settings behind the lock', async () => {
    tmp = makeTempDir('anxin-desktop-ipc-');
    app = await createAnxinMain({ dataDir: tmp.dir, shell: 'browser', kdfParams: KDF_FLOOR, emit: () => {} });
    const d = app.dispatch;
    expect(value(await d('desktop:updateStatus', {}))).toMatchObject({ enabled: false, disabledReason: 'browser', state: 'idle' });
    expect(code(await d('desktop:checkForUpdates', {}))).toBe('update/disabled');
    expect(code(await d('desktop:installUpdate', {}))).toBe('update/disabled');
    expect(value(await d('desktop:getUpdateSettings', {}))).toEqual({ feedUrl: null, channel: 'stable', intervalHours: 6 });

    const next = { feedUrl: 'https://updates.example.org/anxin', channel: 'beta', intervalHours: 12 };
    expect(code(await d('desktop:setUpdateSettings', next))).toBe('vault/locked');
    expect(fs.existsSync(path.join(tmp.dir, 'updates.json'))).toBe(false);

    value(await d('vault:create', { displayName: 'Mei', passphrase: PASS }));
    expect(value(await d('desktop:setUpdateSettings', next))).toEqual({ ...next, feedUrl: 'https://updates.example.org/anxin/' });
    expect(code(await d('desktop:setUpdateSettings', { ...next, feedUrl: 'http://updates.example.org/' }))).toBe('update/invalid-feed-url');
    expect(code(await d('desktop:setUpdateSettings', { ...next, intervalHours: 0 }))).toBe('ipc/invalid-request');
    // Device-wide: still there when locked.
    app.lock('manual');
    expect(value(await d('desktop:getUpdateSettings', {}))).toMatchObject({ channel: 'beta' });
  });
});

describe('desktop:installUpdate with an update controller (as in packaged Electron)', () => {
  it('refuses with unsaved work while unlocked; otherwise locks first, then restarts', async () => {
    tmp = makeTempDir('anxin-desktop-ipc-');
    const calls: string[] = [];
    const file = path.join(tmp.dir, 'update.bin');
    fs.writeFileSync(file, 'x');
    const engine: UpdateEngine = {
      download: async () => file,
      setInstallOnQuit: (on) => void calls.push(`installOnQuit ${on}`),
      quitAndInstall: () => void calls.push('quitAndInstall')
    };
    // A feed (answered in-process here; the HTTP feed is in updates-feed.test.ts) whose
    // sha512 matches the file the engine "downloaded".
    const sha512 = createHash('sha512').update('x').digest('base64');
    const feed = `version: 1.1.0\nfiles:\n  - url: a.AppImage\n    sha512: ${sha512}\n    size: 1\n`;
    const updates = createUpdateController({
      availability: { enabled: true, disabledReason: null },
      currentVersion: '1.0.0',
      settings: createUpdateSettings(tmp.dir),
      builtInFeedUrl: 'https://updates.example.org/',
      engine,
      platform: 'linux',
      arch: 'x64',
      emit: () => {},
      timers: noTimers,
      fetch: async () => new Response(feed, { status: 200 })
    });
    const events: string[] = [];
    app = await createAnxinMain({ dataDir: tmp.dir, shell: 'electron', kdfParams: KDF_FLOOR, emit: (name) => void events.push(name), desktop: { updates } });
    const d2 = app.dispatch;
    // Nothing downloaded yet.
    expect(code(await d2('desktop:installUpdate', {}))).toBe('update/not-downloaded');
    expect(value(await d2('desktop:checkForUpdates', {}))).toMatchObject({ state: 'downloaded', version: '1.1.0' });
    expect(calls).toEqual(['installOnQuit true']);

    value(await d2('vault:create', { displayName: 'Mei', passphrase: PASS }));
    value(await d2('desktop:reportUnsavedWork', { unsaved: true }));
    expect(code(await d2('desktop:installUpdate', {}))).toBe('update/unsaved-work');
    expect(value(await d2('vault:status', {}))).toMatchObject({ state: 'unlocked' });
    expect(calls).not.toContain('quitAndInstall');

    value(await d2('desktop:reportUnsavedWork', { unsaved: false }));
    events.length = 0;
    expect(code(await d2('desktop:installUpdate', {}))).toBe('ok');
    expect(events).toContain('vault:locked');
    expect(value(await d2('vault:status', {}))).toMatchObject({ state: 'locked' });
    expect(calls.at(-1)).toBe('quitAndInstall');
  });
});
