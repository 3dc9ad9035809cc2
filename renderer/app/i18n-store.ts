/**
 * The UI language. Kept by main in the device's preferences (prefs:get / prefs:set) so that it
 * survives a restart in Electron too, whose renderer storage is in memory only. Until main
 * answers, the browser's languages choose.
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
import { getApi } from '../bridge';
import { useNotices } from './notices';

export function initialLocale(): Locale {
  const nav = globalThis.navigator;
  const tags = nav ? (nav.languages?.length ? nav.languages : [nav.language]) : [];
  return matchLocale(tags.filter(Boolean));
}

type I18nState = {
  locale: Locale;
  /** The person chose a language: show it and remember it on this device. */
  setLocale: (locale: Locale) => void;
  /** Applies the remembered language, if any (called once at start). */
  loadSaved: () => Promise<void>;
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
    applyToDocument(locale);
    set({ locale });
    void getApi()
      .prefs.set({ locale })
      .then((r) => {
        if (!r.ok) useNotices.getState().showError(r.error);
      });
  },
  loadSaved: async () => {
    const r = await getApi().prefs.get({});
    if (r.ok && r.value.locale) {
      applyToDocument(r.value.locale);
      set({ locale: r.value.locale });
    }
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
