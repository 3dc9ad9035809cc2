import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../shared/errors';
import {
  CATALOGUES,
  LOCALES,
  formatDateTime,
  matchLocale,
  placeholdersOf,
  translate,
  translateError
} from '../../shared/i18n';
import { en } from '../../shared/i18n/en';

const referenceKeys = Object.keys(en).sort();

describe('message catalogues', () => {
  it('ships the four UI languages', () => {
    expect([...LOCALES].sort()).toEqual(['en', 'fr', 'nl', 'zh-CN']);
  });

  for (const locale of LOCALES) {
    const catalogue = CATALOGUES[locale] as Record<string, unknown>;

    describe(locale, () => {
      it('has exactly the keys of en', () => {
        expect(Object.keys(catalogue).sort()).toEqual(referenceKeys);
      });

      it('has a non-empty string for every key', () => {
        const empty = referenceKeys.filter((k) => typeof catalogue[k] !== 'string' || (catalogue[k] as string).trim() === '');
        expect(empty).toEqual([]);
      });

      it('uses the same {placeholders} as en in every message', () => {
        const mismatched = referenceKeys.filter(
          (k) => placeholdersOf(String(catalogue[k] ?? '')).join(',') !== placeholdersOf(en[k as keyof typeof en]).join(',')
        );
        expect(mismatched).toEqual([]);
      });

      it('translates every error code', () => {
        const missing = ERROR_CODES.filter((code) => {
          const message = catalogue[`error.${code}`];
          return typeof message !== 'string' || message.trim() === '';
        });
        expect(missing).toEqual([]);
      });

      if (locale !== 'en') {
        it('is actually translated (not a copy of en)', () => {
          // Brand names and short words may coincide; whole sentences should not.
          const copied = referenceKeys.filter((k) => en[k as keyof typeof en].length > 30 && catalogue[k] === en[k as keyof typeof en]);
          expect(copied).toEqual([]);
        });
      }
    });
  }
});

describe('translate', () => {
  it('interpolates {name} placeholders', () => {
    expect(translate('en', 'header.signedInAs', { name: 'Mei' })).toBe('Signed in as Mei');
    expect(translate('zh-CN', 'header.signedInAs', { name: 'Mei' })).toBe('当前账户：Mei');
  });

  it('leaves unknown placeholders visible rather than dropping text', () => {
    expect(translate('en', 'header.signedInAs')).toBe('Signed in as {name}');
  });

  it('turns retryAfterMs into whole seconds for too-many-attempts', () => {
    const text = translateError('en', { code: 'vault/too-many-attempts', details: { retryAfterMs: 29_100 } });
    expect(text).toContain('30 seconds');
  });

  it('names an unknown error code instead of failing', () => {
    const text = translateError('fr', { code: 'vault/nope' as never });
    expect(text).toContain('vault/nope');
  });
});

describe('matchLocale', () => {
  it('maps browser languages to a shipped locale', () => {
    expect(matchLocale(['zh-Hans-CN', 'en'])).toBe('zh-CN');
    expect(matchLocale(['zh-TW'])).toBe('zh-CN');
    expect(matchLocale(['fr-BE'])).toBe('fr');
    expect(matchLocale(['nl-NL'])).toBe('nl');
    expect(matchLocale(['de-DE', 'nl'])).toBe('nl');
    expect(matchLocale(['de-DE'])).toBe('en');
    expect(matchLocale([])).toBe('en');
  });
});

describe('formatDateTime', () => {
  it('formats per locale', () => {
    const iso = '2025-03-04T14:05:00Z';
    expect(formatDateTime('zh-CN', iso, false)).toMatch(/2025年3月4日/);
    expect(formatDateTime('en', iso, false)).toMatch(/Mar 4, 2025/);
  });

  it('returns the input for an invalid date', () => {
    expect(formatDateTime('en', 'not a date')).toBe('not a date');
  });
});
