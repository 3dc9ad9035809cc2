/**
 * Message catalogues and the tiny translation function the UI uses. No ICU, no plural rules:
 * messages are phrased so that `{name}` interpolation is enough in all four languages.
 */
import type { ErrorCode } from '../errors';
import type { AppErrorInfo } from '../result';
import { en, type Catalogue, type MessageKey } from './en';
import { fr } from './fr';
import { nl } from './nl';
import { zhCN } from './zh-CN';

export type { Catalogue, MessageKey };

import { LOCALES, DEFAULT_LOCALE, type Locale } from './locales';
export { LOCALES, DEFAULT_LOCALE, type Locale };

export const CATALOGUES: Readonly<Record<Locale, Catalogue>> = { en, 'zh-CN': zhCN, fr, nl };

/** Each language named in itself, for the language switcher (never translated). */
export const LOCALE_NAMES: Readonly<Record<Locale, string>> = {
  en: 'English',
  'zh-CN': '简体中文',
  fr: 'Français',
  nl: 'Nederlands'
};

// Compile-time check: every error code has a message (the unit test checks every catalogue).
const _everyErrorTranslated: Record<`error.${ErrorCode}`, string> = en;
void _everyErrorTranslated;

export type Params = Readonly<Record<string, string | number>>;

export const isLocale = (value: unknown): value is Locale =>
  typeof value === 'string' && (LOCALES as readonly string[]).includes(value);

/** Picks the closest supported locale for a BCP 47 tag list (navigator.languages). */
export function matchLocale(tags: readonly string[]): Locale {
  for (const tag of tags) {
    const lower = tag.toLowerCase();
    // Only Simplified Chinese is shipped; it serves every zh-* better than English would.
    if (lower === 'zh' || lower.startsWith('zh-')) return 'zh-CN';
    const base = lower.split('-')[0];
    if (base === 'en' || base === 'fr' || base === 'nl') return base;
  }
  return DEFAULT_LOCALE;
}

const PLACEHOLDER = /\{(\w+)\}/g;

/** Names of the `{placeholders}` in a message, sorted (used by tests). */
export const placeholdersOf = (message: string): string[] =>
  [...message.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '').sort();

export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  const message = CATALOGUES[locale]?.[key] || en[key] || key;
  if (!params) return message;
  return message.replace(PLACEHOLDER, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole
  );
}

export const isMessageKey = (key: string): key is MessageKey => Object.prototype.hasOwnProperty.call(en, key);

/**
 * The translated text for an error returned by main. Unknown codes (a newer main, or a bug)
 * still produce a readable message that names the code.
 */
export function translateError(locale: Locale, error: Pick<AppErrorInfo, 'code' | 'details'>): string {
  const key = `error.${error.code}`;
  if (!isMessageKey(key)) return translate(locale, 'error.unknown', { code: String(error.code) });
  const params: Record<string, string | number> = {};
  const retryAfterMs = error.details?.['retryAfterMs'];
  if (typeof retryAfterMs === 'number') params['seconds'] = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return translate(locale, key, params);
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** A date (and by default time) in the conventions of `locale`, e.g. 2025年3月4日 14:05. */
export function formatDateTime(locale: Locale, value: string | number | Date, withTime = true): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  const cacheKey = `${locale}|${withTime}`;
  let format = dateTimeFormats.get(cacheKey);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' });
    dateTimeFormats.set(cacheKey, format);
  }
  return format.format(date);
}
