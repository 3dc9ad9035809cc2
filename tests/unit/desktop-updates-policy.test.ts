/** The pure update decisions (main/services/updates/policy.ts). The feed itself: tests/integration/updates-feed.test.ts. */
import { describe, expect, it } from 'vitest';
import {
  channelFileName,
  classifyUpdaterError,
  decideInstall,
  decideUpdate,
  HOUR_MS,
  isAllowedUpdateRequest,
  nextCheckDelayMs,
  normaliseFeedUrl,
  RETRY_AFTER_MS,
  updatesAvailability,
  updaterChannelName
} from '../../main/services/updates/policy';

describe('when updates run', () => {
  it('only in a packaged Electron build, and not when switched off', () => {
    expect(updatesAvailability({ shell: 'electron', isPackaged: true, env: {} })).toEqual({ enabled: true, disabledReason: null });
    expect(updatesAvailability({ shell: 'browser', isPackaged: true, env: {} })).toEqual({ enabled: false, disabledReason: 'browser' });
    expect(updatesAvailability({ shell: 'electron', isPackaged: false, env: {} })).toEqual({ enabled: false, disabledReason: 'development' });
    expect(updatesAvailability({ shell: 'electron', isPackaged: true, env: { ANXIN_DISABLE_UPDATES: '1' } }).enabled).toBe(false);
  });
});

describe('the feed file and address', () => {
  it('names the file electron-builder writes for each platform and channel', () => {
    expect(channelFileName('stable', 'win32', 'x64')).toBe('latest.yml');
    expect(channelFileName('stable', 'darwin', 'arm64')).toBe('latest-mac.yml');
    expect(channelFileName('stable', 'linux', 'x64')).toBe('latest-linux.yml');
    expect(channelFileName('stable', 'linux', 'arm64')).toBe('latest-linux-arm64.yml');
    expect(channelFileName('beta', 'win32', 'x64')).toBe('beta.yml');
    expect(channelFileName('beta', 'linux', 'x64')).toBe('beta-linux.yml');
    expect(updaterChannelName('stable')).toBe('latest');
    expect(updaterChannelName('beta')).toBe('beta');
  });

  it('accepts https feeds (and http on this machine), normalised with a trailing slash', () => {
    expect(normaliseFeedUrl('https://updates.example.org/anxin')).toBe('https://updates.example.org/anxin/');
    expect(normaliseFeedUrl(' https://updates.example.org/ ')).toBe('https://updates.example.org/');
    expect(normaliseFeedUrl('http://127.0.0.1:8080/feed')).toBe('http://127.0.0.1:8080/feed/');
    for (const bad of ['http://updates.example.org/', 'ftp://x.org/', 'file:///tmp/feed', 'https://u:p@x.org/', 'https://x.org/?a=1', 'https://x.org/#f', 'not a url', 'javascript:alert(1)']) {
      expect(() => normaliseFeedUrl(bad), bad).toThrow(expect.objectContaining({ code: 'update/invalid-feed-url' }));
    }
  });

  it("lets the updater's session reach the feed and nothing else", () => {
    const feed = 'https://updates.example.org/anxin/';
    expect(isAllowedUpdateRequest('https://updates.example.org/anxin/latest.yml', feed)).toBe(true);
    expect(isAllowedUpdateRequest('https://updates.example.org/anxin/Anxin-Setup-1.2.0.exe', feed)).toBe(true);
    expect(isAllowedUpdateRequest('https://updates.example.org/other/x.exe', feed)).toBe(false);
    expect(isAllowedUpdateRequest('https://updates.example.org.evil/anxin/latest.yml', feed)).toBe(false);
    expect(isAllowedUpdateRequest('http://updates.example.org/anxin/latest.yml', feed)).toBe(false);
    expect(isAllowedUpdateRequest('https://evil.example/anxin/latest.yml', feed)).toBe(false);
    expect(isAllowedUpdateRequest('nonsense', feed)).toBe(false);
  });
});

describe('whether a version is offered', () => {
  const cases: Array<[string, string, 'stable' | 'beta', string]> = [
    ['1.0.0', '1.0.1', 'stable', 'offer'],
    ['1.0.0', '2.0.0', 'stable', 'offer'],
    ['1.0.0', '1.0.0', 'stable', 'same-version'],
    ['1.2.0', '1.1.9', 'stable', 'older-version'],
    ['1.2.0', '1.1.9', 'beta', 'older-version'],
    ['1.0.0', '1.1.0-beta.1', 'stable', 'prerelease-on-stable'],
    ['1.0.0', '1.1.0-beta.1', 'beta', 'offer'],
    ['1.1.0-beta.1', '1.1.0-beta.2', 'beta', 'offer'],
    ['1.1.0-beta.2', '1.1.0-beta.1', 'beta', 'older-version'],
    ['1.1.0-beta.2', '1.1.0', 'stable', 'offer'],
    ['1.1.0', '1.1.0-beta.3', 'beta', 'older-version']
  ];
  it.each(cases)('running %s, feed %s on %s → %s', (current, available, channel, expected) => {
    const d = decideUpdate(current, available, channel);
    expect(d.kind === 'offer' ? 'offer' : d.reason).toBe(expected);
  });

  it('a feed version that is not semver is a malformed feed', () => {
    expect(() => decideUpdate('1.0.0', 'latest', 'stable')).toThrow(expect.objectContaining({ code: 'update/malformed-feed' }));
  });
});

describe('when to check and what may happen with a download', () => {
  it('checks every interval, and sooner after a failure', () => {
    expect(nextCheckDelayMs(6, false)).toBe(6 * HOUR_MS);
    expect(nextCheckDelayMs(6, true)).toBe(RETRY_AFTER_MS);
    expect(nextCheckDelayMs(1, true)).toBeLessThanOrEqual(HOUR_MS);
  });

  it('never restarts by itself; asks-to-restart is refused with unsaved work in an unlocked vault', () => {
    for (const vaultUnlocked of [true, false]) {
      for (const unsavedWork of [true, false]) {
        expect(decideInstall({ trigger: 'automatic', downloaded: true, vaultUnlocked, unsavedWork })).toEqual({ action: 'install-on-quit' });
      }
    }
    expect(() => decideInstall({ trigger: 'user', downloaded: true, vaultUnlocked: true, unsavedWork: true })).toThrow(
      expect.objectContaining({ code: 'update/unsaved-work' })
    );
    expect(decideInstall({ trigger: 'user', downloaded: true, vaultUnlocked: true, unsavedWork: false })).toEqual({ action: 'lock-and-restart' });
    // Locked: whatever the renderer said, nothing typed is on screen any more.
    expect(decideInstall({ trigger: 'user', downloaded: true, vaultUnlocked: false, unsavedWork: true })).toEqual({ action: 'lock-and-restart' });
    expect(() => decideInstall({ trigger: 'user', downloaded: false, vaultUnlocked: false, unsavedWork: false })).toThrow(
      expect.objectContaining({ code: 'update/not-downloaded' })
    );
  });

  it("maps electron-updater's errors to Anxin's codes without their messages", () => {
    const err = (code: string, message = 'x') => Object.assign(new Error(message), { code });
    expect(classifyUpdaterError(err('ERR_CHECKSUM_MISMATCH', 'sha512 checksum mismatch, expected a, got b')).code).toBe('update/tampered');
    expect(classifyUpdaterError(err('ERR_UPDATER_INVALID_SIGNATURE')).code).toBe('update/tampered');
    expect(classifyUpdaterError(err('ERR_UPDATER_INVALID_UPDATE_INFO')).code).toBe('update/malformed-feed');
    expect(classifyUpdaterError(err('ERR_UPDATER_CHANNEL_FILE_NOT_FOUND')).code).toBe('update/feed-unavailable');
    expect(classifyUpdaterError(err('HTTP_ERROR_404')).code).toBe('update/feed-unavailable');
    const offline = classifyUpdaterError(new Error('net::ERR_INTERNET_DISCONNECTED https://secret.example/'));
    expect(offline.code).toBe('update/offline');
    expect(offline.message).not.toContain('secret');
  });
});
