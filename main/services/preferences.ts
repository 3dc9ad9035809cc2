/**
 * Device-wide UI preferences: `<dataDir>/preferences.json`. Only display settings that the
 * unlock screen needs before any vault is open (the UI language). Never case data, never a
 * profile name. Unreadable or unknown content falls back to defaults instead of failing start-up.
 */
import fs from 'node:fs';
import path from 'node:path';
import { LOCALES, type Locale } from '../../shared/i18n/locales';
import type { Preferences } from '../../shared/ipc/contract';
import { writeFileAtomicSync } from './atomic-file';

export const PREFERENCES_FILE = 'preferences.json';

const isLocale = (v: unknown): v is Locale => typeof v === 'string' && (LOCALES as readonly string[]).includes(v);

export function createPreferences(dataDir: string) {
  const file = path.join(dataDir, PREFERENCES_FILE);
  return {
    get(): Preferences {
      try {
        const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as { locale?: unknown };
        return { locale: isLocale(raw.locale) ? raw.locale : null };
      } catch {
        return { locale: null };
      }
    },
    set(next: { locale: Locale }): Preferences {
      fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      writeFileAtomicSync(file, `${JSON.stringify({ locale: next.locale })}\n`);
      return { locale: next.locale };
    }
  };
}
