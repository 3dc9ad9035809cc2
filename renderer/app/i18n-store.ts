/**
 * The UI language. Persisted in localStorage because it is a display preference only (never
 * case data, never a profile name); the first default comes from the browser's languages.
 */
import { useCallback } from 'react';
import { create } from 'zustand';
import {
  formatDateTime,
  isLocale,
  matchLocale,
  translate,
  translateError,
  type Locale,
  type MessageKey,
  type Params
} from '../../shared/i18n';
import type { AppErrorInfo } from '../../shared/result';

const STORAGE_KEY = 'anxin.locale';

function readStoredLocale(): Locale | null {
  try {
    const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
    return isLocale(stored) ? stored : null;
  } catch {
    return null; // storage disabled: fall back to the browser's languages
  }
}

export function initialLocale(): Locale {
  const nav = globalThis.navigator;
  const tags = nav ? (nav.languages?.length ? nav.languages : [nav.language]) : [];
  return readStoredLocale() ?? matchLocale(tags.filter(Boolean));
}

type I18nState = {
  locale: Locale;
  setLocale: (locale: Locale) => void;
};

function applyToDocument(locale: Locale): void {
  if (typeof document === 'undefined') return;
  document.documentElement.lang = locale;
  document.title = translate(locale, 'app.name');
}

export const useI18n = create<I18nState>()((set) => ({
  locale: initialLocale(),
  setLocale: (locale) => {
    if (!isLocale(locale)) return;
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, locale);
    } catch {
      // Not persisted this time; the switch still applies to this window.
    }
    applyToDocument(locale);
    set({ locale });
  }
}));

applyToDocument(useI18n.getState().locale);

export type TranslateFn = (key: MessageKey, params?: Params) => string;

/** `t(key, params)` bound to the current locale; components re-render when it changes. */
export function useT(): TranslateFn {
  const locale = useI18n((s) => s.locale);
  return useCallback((key: MessageKey, params?: Params) => translate(locale, key, params), [locale]);
}

export function useErrorText(): (error: Pick<AppErrorInfo, 'code' | 'details'>) => string {
  const locale = useI18n((s) => s.locale);
  return useCallback((error: Pick<AppErrorInfo, 'code' | 'details'>) => translateError(locale, error), [locale]);
}

export function useFormatDate(): (value: string, withTime?: boolean) => string {
  const locale = useI18n((s) => s.locale);
  return useCallback((value: string, withTime = true) => formatDateTime(locale, value, withTime), [locale]);
}
