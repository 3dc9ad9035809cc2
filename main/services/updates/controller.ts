/**
 * The update state machine, without Electron. It checks the feed itself (feed.ts: the
 * decision, including downgrade refusal and channel rules), asks an UpdateEngine to
 * download the offered version (electron-updater in main/electron/updater.ts), re-verifies
 * the downloaded file against the feed's sha512, and only then arms install-on-quit.
 * Checks run shortly after start and then every `intervalHours`; after a failure (no
 * network, server error) sooner, see nextCheckDelayMs. Every change is pushed as an
 * UpdateStatus (the renderer shows state and progress).
 */
import type { UpdateChannel, UpdateStatus } from '../../../shared/ipc/features/desktop.contract';
import { AppError } from '../../../shared/errors';
import type { Timers } from '../idle-lock';
import { checkForUpdate, verifyDownloadedFile, type FeedInfo, type FetchLike } from './feed';
import { classifyUpdaterError, decideInstall, FIRST_CHECK_DELAY_MS, nextCheckDelayMs, type UpdatesAvailability } from './policy';
import type { UpdateSettingsStore } from './settings';

export type UpdateEngine = {
  /** Downloads `version` from `feedUrl` on `channel`; resolves with the downloaded file's path. */
  download(req: { feedUrl: string; channel: UpdateChannel; version: string }, onProgress: (percent: number) => void): Promise<string>;
  /** Arms (or disarms) installation when the app quits. */
  setInstallOnQuit(on: boolean): void;
  /** Quits and installs now. Called only after the vault has been locked. */
  quitAndInstall(): void;
};

export type UpdateControllerOptions = {
  availability: UpdatesAvailability;
  currentVersion: string;
  settings: UpdateSettingsStore;
  /** The feed built into the package (app-update.yml), used when the device sets none. */
  builtInFeedUrl: string | null;
  engine: UpdateEngine | null;
  platform: string;
  arch: string;
  emit: (status: UpdateStatus) => void;
  timers: Timers;
  now?: () => number;
  fetch?: FetchLike;
  log?: (line: string) => void;
};

export type UpdateController = {
  status(): UpdateStatus;
  /** Schedules the first check (a little after start). */
  start(): void;
  checkNow(): Promise<UpdateStatus>;
  /** Settings changed: the next check uses them; the timer restarts with the new interval. */
  settingsChanged(): void;
  /** The person pressed "Restart and install". `lock` drops the keys before the restart. */
  installNow(req: { vaultUnlocked: boolean; unsavedWork: boolean; lock: () => void }): void;
  stop(): void;
};

/** The status before any check (also what a build without updates answers, disabled). */
export function idleStatus(availability: UpdatesAvailability, currentVersion: string): UpdateStatus {
  return {
    enabled: availability.enabled,
    disabledReason: availability.disabledReason,
    currentVersion,
    state: 'idle',
    version: null,
    progress: null,
    lastCheckedAt: null,
    nextCheckAt: null,
    error: null
  };
}

export function createUpdateController(opts: UpdateControllerOptions): UpdateController {
  const now = opts.now ?? Date.now;
  const iso = (ms: number) => new Date(ms).toISOString();
  let state: UpdateStatus = idleStatus(opts.availability, opts.currentVersion);
  let timer: unknown = null;
  let running: Promise<UpdateStatus> | null = null;
  let downloaded: { version: string; file: string } | null = null;
  let stopped = false;

  const update = (patch: Partial<UpdateStatus>) => {
    state = { ...state, ...patch };
    opts.emit({ ...state });
  };

  function schedule(delayMs: number): void {
    if (timer !== null) opts.timers.clearTimeout(timer);
    timer = null;
    if (stopped || !opts.availability.enabled) return;
    timer = opts.timers.setTimeout(() => {
      timer = null;
      void checkNow();
    }, delayMs);
    update({ nextCheckAt: iso(now() + delayMs) });
  }

  function feedUrl(): string {
    const url = opts.settings.get().feedUrl ?? opts.builtInFeedUrl;
    if (!url) throw new AppError('update/invalid-feed-url', 'No update address is set');
    return url;
  }

  async function download(url: string, channel: UpdateChannel, info: FeedInfo, version: string): Promise<void> {
    if (!opts.engine) throw new AppError('update/disabled', 'No update engine');
    update({ state: 'downloading', version, progress: 0, error: null });
    const file = await opts.engine.download({ feedUrl: url, channel, version }, (percent) => {
      const progress = Math.max(0, Math.min(100, Math.round(percent)));
      if (state.state === 'downloading' && progress !== state.progress) update({ progress });
    });
    try {
      await verifyDownloadedFile(file, info);
    } catch (e) {
      opts.engine.setInstallOnQuit(false);
      throw e;
    }
    downloaded = { version, file };
    // Never a restart: the update is installed when she quits Anxin (or asks for it).
    const action = decideInstall({ trigger: 'automatic', downloaded: true, vaultUnlocked: false, unsavedWork: false });
    if (action.action === 'install-on-quit') opts.engine.setInstallOnQuit(true);
    update({ state: 'downloaded', progress: null });
  }

  async function runCheck(): Promise<UpdateStatus> {
    const { channel, intervalHours } = opts.settings.get();
    let failed = false;
    update({ state: downloaded ? 'downloaded' : 'checking', error: null });
    try {
      const url = feedUrl();
      const result = await checkForUpdate({
        feedUrl: url,
        channel,
        platform: opts.platform,
        arch: opts.arch,
        currentVersion: opts.currentVersion,
        ...(opts.fetch ? { fetch: opts.fetch } : {})
      });
      update({ lastCheckedAt: iso(now()) });
      if (result.decision.kind === 'none') {
        if (!downloaded) update({ state: 'up-to-date', version: null, progress: null });
      } else if (downloaded?.version !== result.decision.version) {
        await download(url, channel, result.info, result.decision.version);
      } else {
        update({ state: 'downloaded' });
      }
    } catch (e) {
      failed = true;
      const error = classifyUpdaterError(e);
      opts.log?.(`update check failed: ${error.code}`);
      update({ state: downloaded ? 'downloaded' : 'error', progress: null, error: { code: error.code, message: error.message } });
    }
    schedule(nextCheckDelayMs(intervalHours, failed));
    return { ...state };
  }

  function checkNow(): Promise<UpdateStatus> {
    if (!opts.availability.enabled) {
      return Promise.reject(new AppError('update/disabled', 'Updates are off in this version of Anxin'));
    }
    running ??= runCheck().finally(() => {
      running = null;
    });
    return running;
  }

  return {
    status: () => ({ ...state }),
    start() {
      schedule(FIRST_CHECK_DELAY_MS);
    },
    checkNow,
    settingsChanged() {
      if (running) return; // the running check reschedules with the new interval
      schedule(nextCheckDelayMs(opts.settings.get().intervalHours, state.state === 'error'));
    },
    installNow({ vaultUnlocked, unsavedWork, lock }) {
      if (!opts.availability.enabled || !opts.engine) throw new AppError('update/disabled', 'Updates are off in this version of Anxin');
      const action = decideInstall({ trigger: 'user', downloaded: downloaded !== null, vaultUnlocked, unsavedWork });
      if (action.action !== 'lock-and-restart') return;
      lock();
      opts.engine.quitAndInstall();
    },
    stop() {
      stopped = true;
      if (timer !== null) opts.timers.clearTimeout(timer);
      timer = null;
    }
  };
}
