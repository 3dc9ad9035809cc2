/**
 * IPC channels of the feature: Desktop integration and updates. Merged into
 * shared/ipc/contract.ts. Update settings and status are device-wide (no case data): the
 * status can be read while locked; changing the settings needs an unlocked vault, so that
 * someone at a locked laptop cannot point it to another update feed.
 */
import { z } from 'zod';
import { ERROR_CODES } from '../../errors';
import { Empty, Void } from '../schema-helpers';

export const UPDATE_CHANNELS = ['stable', 'beta'] as const;
export const UpdateChannel = z.enum(UPDATE_CHANNELS);
export type UpdateChannel = z.infer<typeof UpdateChannel>;

export const MIN_CHECK_INTERVAL_HOURS = 1;
export const MAX_CHECK_INTERVAL_HOURS = 168;
export const DEFAULT_CHECK_INTERVAL_HOURS = 6;

export const UpdateSettings = z.strictObject({
  /** null: the feed built into the app (electron-builder.yml `publish.url`). */
  feedUrl: z.string().trim().min(1).max(500).nullable(),
  channel: UpdateChannel,
  intervalHours: z.number().int().min(MIN_CHECK_INTERVAL_HOURS).max(MAX_CHECK_INTERVAL_HOURS)
});
export type UpdateSettings = z.infer<typeof UpdateSettings>;

export const UpdateState = z.enum(['idle', 'checking', 'up-to-date', 'downloading', 'downloaded', 'error']);
export type UpdateState = z.infer<typeof UpdateState>;

export const UpdateStatus = z.strictObject({
  enabled: z.boolean(),
  /** Why updates are off: the browser host, or a development (unpackaged) run. */
  disabledReason: z.enum(['browser', 'development']).nullable(),
  currentVersion: z.string(),
  state: UpdateState,
  /** The version being downloaded or ready to install. */
  version: z.string().nullable(),
  /** Download progress 0–100 while downloading. */
  progress: z.number().min(0).max(100).nullable(),
  lastCheckedAt: z.string().nullable(),
  nextCheckAt: z.string().nullable(),
  error: z.strictObject({ code: z.enum(ERROR_CODES), message: z.string() }).nullable()
});
export type UpdateStatus = z.infer<typeof UpdateStatus>;

export const desktopContract = {
  'desktop:updateStatus': { request: Empty, response: UpdateStatus },
  'desktop:checkForUpdates': { request: Empty, response: UpdateStatus },
  'desktop:getUpdateSettings': { request: Empty, response: UpdateSettings },
  /** Needs an unlocked vault. */
  'desktop:setUpdateSettings': { request: UpdateSettings, response: UpdateSettings },
  /**
   * The person asked to restart now and install the downloaded update. Refused while an
   * unlocked vault has unsaved work ('update/unsaved-work'); otherwise locks, then restarts.
   */
  'desktop:installUpdate': { request: Empty, response: Void },
  /** The renderer reports whether something typed is not saved yet (forms, notes). */
  'desktop:reportUnsavedWork': { request: z.strictObject({ unsaved: z.boolean() }), response: Void }
} as const;

export const desktopEvents = {
  'desktop:updateStatus': UpdateStatus,
  /** Quick exit from the global shortcut (the window is hidden): blank the page. */
  'desktop:quickExit': Empty
} as const;
