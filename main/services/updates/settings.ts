/**
 * Device-wide update settings: `<dataDir>/updates.json` (next to preferences.json). The feed
 * URL, the channel and the check interval; nothing about cases or profiles. Unreadable or
 * invalid content falls back to the defaults rather than stopping the app.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import {
  DEFAULT_CHECK_INTERVAL_HOURS,
  UpdateSettings,
  type UpdateSettings as UpdateSettingsT
} from '../../../shared/ipc/features/desktop.contract';
import { writeFileAtomicSync } from '../atomic-file';
import { normaliseFeedUrl } from './policy';

export const UPDATE_SETTINGS_FILE = 'updates.json';

export const DEFAULT_UPDATE_SETTINGS: UpdateSettingsT = Object.freeze({
  feedUrl: null,
  channel: 'stable',
  intervalHours: DEFAULT_CHECK_INTERVAL_HOURS
});

export type UpdateSettingsStore = {
  get(): UpdateSettingsT;
  set(next: UpdateSettingsT): UpdateSettingsT;
};

export function createUpdateSettings(dataDir: string): UpdateSettingsStore {
  const file = path.join(dataDir, UPDATE_SETTINGS_FILE);
  return {
    get() {
      try {
        const parsed = UpdateSettings.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
        if (!parsed.success) return { ...DEFAULT_UPDATE_SETTINGS };
        const feedUrl = parsed.data.feedUrl === null ? null : normaliseFeedUrl(parsed.data.feedUrl);
        return { ...parsed.data, feedUrl };
      } catch {
        return { ...DEFAULT_UPDATE_SETTINGS };
      }
    },
    set(next) {
      const value = UpdateSettings.parse(next);
      const feedUrl = value.feedUrl === null || value.feedUrl === '' ? null : normaliseFeedUrl(value.feedUrl);
      const stored = { feedUrl, channel: value.channel, intervalHours: value.intervalHours };
      fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      writeFileAtomicSync(file, `${JSON.stringify(stored)}\n`);
      return stored;
    }
  };
}

/**
 * The feed built into a package: electron-builder writes `publish` to
 * `<resources>/app-update.yml` ({ provider: generic, url, channel }). Null when absent or not
 * a usable generic feed.
 */
export function readBuiltInFeedUrl(resourcesPath: string): string | null {
  try {
    const raw = parseYaml(fs.readFileSync(path.join(resourcesPath, 'app-update.yml'), 'utf8')) as { provider?: unknown; url?: unknown } | null;
    if (raw?.provider !== 'generic' || typeof raw.url !== 'string') return null;
    return normaliseFeedUrl(raw.url);
  } catch {
    return null;
  }
}
