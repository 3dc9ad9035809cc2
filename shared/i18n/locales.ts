/** The UI languages, in their own module so the IPC contract can name them without the catalogues. */
export const LOCALES = ['en', 'zh-CN', 'fr', 'nl'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';
