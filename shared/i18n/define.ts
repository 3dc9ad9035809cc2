/**
 * A feature's messages in all four languages, in one file the feature owns. The English keys
 * define the set; the type makes every other language supply exactly those keys, and the
 * feature's messages are spread into the catalogues (shared/i18n/en.ts, zh-CN.ts, fr.ts, nl.ts).
 */
import type { Locale } from './locales';

type Others = Exclude<Locale, 'en'>;

export function defineMessages<const E extends Record<string, string>>(
  messages: { en: E } & { [L in Others]: { readonly [K in keyof E]: string } }
): { en: E } & { [L in Others]: { readonly [K in keyof E]: string } } {
  return messages;
}
