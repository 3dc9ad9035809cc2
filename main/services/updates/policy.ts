/**
 * Update decisions as pure functions: whether updates run at all, which feed file a device
 * reads, whether a version from the feed is offered, when to check again, and what may
 * happen with a downloaded update. The Electron wiring (main/electron/updater.ts) only
 * applies these; tests/unit/desktop-updates-policy.test.ts and
 * tests/integration/updates-feed.test.ts check them.
 */
import semver from 'semver';
import { AppError, isAppError } from '../../../shared/errors';
import type { UpdateChannel } from '../../../shared/ipc/features/desktop.contract';

// ---------------------------------------------------------------------------------------
// When updates run

export type UpdatesAvailability = { enabled: true; disabledReason: null } | { enabled: false; disabledReason: 'browser' | 'development' };

/**
 * Only a packaged Electron build updates itself. The browser host never does (it is run from
 * a source checkout, updated with git); a development run (`npm start`) neither: it would
 * replace the developer's tree with a release. ANXIN_DISABLE_UPDATES=1 also turns it off
 * (a managed fleet that deploys releases itself).
 */
export function updatesAvailability(opts: { shell: 'electron' | 'browser'; isPackaged: boolean; env: Record<string, string | undefined> }): UpdatesAvailability {
  if (opts.shell === 'browser') return { enabled: false, disabledReason: 'browser' };
  if (!opts.isPackaged || opts.env['ANXIN_DISABLE_UPDATES'] === '1') return { enabled: false, disabledReason: 'development' };
  return { enabled: true, disabledReason: null };
}

// ---------------------------------------------------------------------------------------
// The feed

/** electron-updater's channel names: 'latest' is the stable channel. */
export function updaterChannelName(channel: UpdateChannel): 'latest' | 'beta' {
  return channel === 'stable' ? 'latest' : 'beta';
}

/**
 * The file a device reads on a generic feed, as electron-builder writes it and
 * electron-updater reads it: latest.yml (Windows), latest-mac.yml, latest-linux.yml,
 * latest-linux-arm64.yml; beta*.yml likewise.
 */
export function channelFileName(channel: UpdateChannel, platform: string, arch: string): string {
  const base = updaterChannelName(channel);
  if (platform === 'darwin') return `${base}-mac.yml`;
  if (platform === 'win32') return `${base}.yml`;
  return arch === 'x64' ? `${base}-linux.yml` : `${base}-linux-${arch}.yml`;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * A feed URL a device may use: https, or http on this machine only (a test feed); no
 * credentials, query or fragment. Returned normalised with a trailing slash, so that feed
 * files resolve inside it. Throws 'update/invalid-feed-url' otherwise.
 */
export function normaliseFeedUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new AppError('update/invalid-feed-url', 'The update address is not a URL');
  }
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
  if (!secure || url.username || url.password || url.search || url.hash) {
    throw new AppError('update/invalid-feed-url', 'The update address must be an https:// URL without credentials or query');
  }
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.href;
}

/**
 * Requests the updater's network session may make: the feed's own origin and path, nothing
 * else (the session guard cancels every other http(s) request of the app).
 */
export function isAllowedUpdateRequest(requestUrl: string, feedUrl: string): boolean {
  try {
    const request = new URL(requestUrl);
    const feed = new URL(feedUrl);
    return request.origin === feed.origin && request.pathname.startsWith(feed.pathname) && !request.username && !request.password;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------
// Whether to offer a version

export type UpdateDecision =
  | { kind: 'offer'; version: string }
  | { kind: 'none'; reason: 'same-version' | 'older-version' | 'prerelease-on-stable' };

/**
 * Offers `available` only if it is strictly newer than `current`. An older version is never
 * offered, whatever the feed says (a feed rolled back by an attacker or by mistake must not
 * reinstall a release with known holes). The stable channel never offers a prerelease, even
 * if a misconfigured latest.yml names one; the beta channel offers both (a beta user moves to
 * the stable release that follows her beta).
 */
export function decideUpdate(current: string, available: string, channel: UpdateChannel): UpdateDecision {
  const cur = semver.parse(current);
  const next = semver.parse(available);
  if (!cur) throw new AppError('internal', 'The running version is not a semantic version');
  if (!next) throw new AppError('update/malformed-feed', 'The feed names a version that is not a semantic version');
  if (channel === 'stable' && next.prerelease.length > 0) return { kind: 'none', reason: 'prerelease-on-stable' };
  const order = semver.compare(next, cur);
  if (order === 0) return { kind: 'none', reason: 'same-version' };
  if (order < 0) return { kind: 'none', reason: 'older-version' };
  return { kind: 'offer', version: next.version };
}

// ---------------------------------------------------------------------------------------
// When to check

export const HOUR_MS = 3_600_000;
/** After a failed check (no network, server down), try again sooner than the interval. */
export const RETRY_AFTER_MS = 30 * 60_000;
/** The first check, a little after start so that it never competes with unlocking. */
export const FIRST_CHECK_DELAY_MS = 15_000;

export function nextCheckDelayMs(intervalHours: number, lastCheckFailed: boolean): number {
  const interval = intervalHours * HOUR_MS;
  return lastCheckFailed ? Math.min(RETRY_AFTER_MS, interval) : interval;
}

// ---------------------------------------------------------------------------------------
// What may happen with a downloaded update

export type InstallRequest = {
  /** 'user': she pressed "Restart and install"; 'automatic': anything else (a timer, an event). */
  trigger: 'user' | 'automatic';
  downloaded: boolean;
  vaultUnlocked: boolean;
  unsavedWork: boolean;
};

export type InstallAction = { action: 'install-on-quit' } | { action: 'lock-and-restart' };

/**
 * Anxin never restarts by itself: an automatic trigger only ever arms install-on-quit. A
 * restart happens only when the person asks for it, and even then not while an unlocked
 * vault has unsaved work ('update/unsaved-work': save first). Throws when nothing is
 * downloaded.
 */
export function decideInstall(req: InstallRequest): InstallAction {
  if (!req.downloaded) throw new AppError('update/not-downloaded', 'No update has been downloaded yet');
  if (req.trigger === 'automatic') return { action: 'install-on-quit' };
  if (req.vaultUnlocked && req.unsavedWork) {
    throw new AppError('update/unsaved-work', 'Save your work before restarting to install the update');
  }
  return { action: 'lock-and-restart' };
}

// ---------------------------------------------------------------------------------------
// electron-updater's errors, as Anxin's codes

/**
 * electron-updater throws Errors with a `code` (ERR_CHECKSUM_MISMATCH …) or, for network
 * trouble, Chromium's net::ERR_* text. Only the code is kept: the messages quote URLs.
 */
export function classifyUpdaterError(e: unknown): AppError {
  if (isAppError(e)) return e;
  const err = e as { code?: unknown; message?: unknown; statusCode?: unknown } | null;
  const code = typeof err?.code === 'string' ? err.code : '';
  const message = typeof err?.message === 'string' ? err.message : '';
  if (code === 'ERR_CHECKSUM_MISMATCH' || /checksum mismatch/i.test(message) || code === 'ERR_UPDATER_INVALID_SIGNATURE') {
    return new AppError('update/tampered', 'The downloaded update does not match its checksum or signature; it was discarded');
  }
  if (['ERR_UPDATER_INVALID_UPDATE_INFO', 'ERR_UPDATER_NO_FILES_PROVIDED', 'ERR_UPDATER_INVALID_VERSION', 'ERR_UPDATER_NO_CHECKSUM'].includes(code)) {
    return new AppError('update/malformed-feed', 'The update feed is not in the expected format');
  }
  if (code === 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND' || code.startsWith('HTTP_ERROR_') || typeof err?.statusCode === 'number') {
    return new AppError('update/feed-unavailable', 'The update server answered with an error', { retryAfterMs: RETRY_AFTER_MS });
  }
  return new AppError('update/offline', 'The update server could not be reached', { retryAfterMs: RETRY_AFTER_MS });
}
