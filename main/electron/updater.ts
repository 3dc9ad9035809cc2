/**
 * electron-updater as the UpdateEngine of main/services/updates/controller.ts. The controller
 * decides (our own read of the feed: newer only, channel rules, re-verified sha512); this
 * file only points electron-updater at the same feed, downloads the version the controller
 * chose, reports progress and installs on quit (or when the person asks).
 *
 * electron-updater's defaults that we change, and why:
 *  - autoDownload off: the controller downloads only what it decided to offer.
 *  - allowDowngrade forced back to false after every `channel` assignment (electron-updater
 *    sets it to true whenever a channel is set).
 *  - disableWebInstaller: web installers may skip signature verification.
 *  - logger off: its lines quote URLs and paths; Anxin writes no logs.
 *  - its network session ('electron-updater') may reach the feed's origin and path only.
 */
import { session } from 'electron';
import { autoUpdater } from 'electron-updater';
import type { UpdateChannel } from '../../shared/ipc/features/desktop.contract';
import { AppError } from '../../shared/errors';
import type { UpdateEngine } from '../services/updates/controller';
import { classifyUpdaterError, decideUpdate, isAllowedUpdateRequest, normaliseFeedUrl, updaterChannelName } from '../services/updates/policy';

/** electron-updater's own partition (electronHttpExecutor NET_SESSION_NAME). */
const UPDATER_PARTITION = 'electron-updater';

function restrictUpdaterSession(feedUrl: string): void {
  // Creating the session runs the app's session guard (navigation-guards.ts guardSession),
  // which cancels every http(s) request; this replaces that one listener with "the feed only".
  const ses = session.fromPartition(UPDATER_PARTITION, { cache: false });
  ses.webRequest.onBeforeRequest({ urls: ['*://*/*'] }, (details, callback) => callback({ cancel: !isAllowedUpdateRequest(details.url, feedUrl) }));
}

export function createElectronUpdateEngine(opts: { currentVersion: string }): UpdateEngine {
  const updater = autoUpdater;
  updater.logger = null;
  updater.autoDownload = false;
  // True from the start so that electron-updater installs its quit handler when a download
  // completes; the controller disarms it (setInstallOnQuit(false)) if its own check fails.
  updater.autoInstallOnAppQuit = true;
  updater.autoRunAppAfterInstall = true;
  updater.disableWebInstaller = true;
  updater.allowDowngrade = false;

  function configure(feedUrl: string, channel: UpdateChannel): void {
    const url = normaliseFeedUrl(feedUrl);
    restrictUpdaterSession(url);
    const name = updaterChannelName(channel);
    updater.setFeedURL({ provider: 'generic', url, channel: name });
    updater.channel = name;
    updater.allowPrerelease = channel === 'beta';
    updater.allowDowngrade = false; // after `channel`, which turns it on
  }

  return {
    async download({ feedUrl, channel, version }, onProgress) {
      try {
        configure(feedUrl, channel);
        const result = await updater.checkForUpdates();
        const offered = result?.updateInfo.version;
        // electron-updater read the feed again: it must agree with the controller's decision.
        if (!result?.isUpdateAvailable || !offered || offered !== version || decideUpdate(opts.currentVersion, offered, channel).kind !== 'offer') {
          throw new AppError('update/malformed-feed', 'The update feed changed during the update');
        }
        const onDownloadProgress = (p: { percent: number }) => onProgress(p.percent);
        updater.on('download-progress', onDownloadProgress);
        try {
          const files = await updater.downloadUpdate();
          const file = files[0];
          if (!file) throw new AppError('update/malformed-feed', 'The update feed names no file for this system');
          return file;
        } finally {
          updater.off('download-progress', onDownloadProgress);
        }
      } catch (e) {
        throw classifyUpdaterError(e);
      }
    },
    setInstallOnQuit(on) {
      updater.autoInstallOnAppQuit = on;
    },
    quitAndInstall() {
      // Not silent (the installer shows its progress), and Anxin starts again afterwards.
      updater.quitAndInstall(false, true);
    }
  };
}
