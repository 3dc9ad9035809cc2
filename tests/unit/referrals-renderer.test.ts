/**
 * The renderer's pure pieces of referrals: what the composer's preview says will be sent (the
 * same subset the service sends), the receiver-language default, typed fingerprints, and the
 * feature's messages (every key in four languages, with the same {placeholders}).
 */
import { describe, expect, it } from 'vitest';
import { SHARE_FIELDS, type SharedCaseData } from '../../shared/domain/referrals/schemas';
import { referralsMessages } from '../../shared/i18n/features/referrals';
import { defaultLetterLanguage } from '../../renderer/features/referrals/Composer';
import { hasContent, pickShared } from '../../renderer/features/referrals/SharedData';
import { normaliseTypedFingerprint } from '../../renderer/features/network/Fingerprint';

const AVAILABLE: SharedCaseData = {
  pseudonym: 'Mei',
  languages: ['mandarin'],
  interpreterNeeded: 'yes',
  country: 'BE',
  city: 'Brussels',
  summary: 'SUMMARY-MARK',
  contactSafety: { safeToCall: 'no', safeToText: 'yes', safeTimes: '', codeWord: 'CODEWORD-MARK', mustNotKnow: '', notes: '' },
  identity: { legalName: 'LEGAL-MARK', nativeName: '', dateOfBirth: '', nationality: '', residenceStatus: 'unknown', residenceNote: '', address: '', phone: '' },
  dependants: [],
  risk: null,
  incidents: []
};

describe('composer preview (what will be sent)', () => {
  it('sends only the pseudonym when nothing is ticked', () => {
    expect(pickShared(AVAILABLE, [])).toEqual({ pseudonym: 'Mei' });
  });

  it('adds exactly the ticked parts', () => {
    expect(pickShared(AVAILABLE, ['languages'])).toEqual({ pseudonym: 'Mei', languages: ['mandarin'], interpreterNeeded: 'yes' });
    const withSummary = pickShared(AVAILABLE, ['languages', 'summary']);
    expect(JSON.stringify(withSummary)).toContain('SUMMARY-MARK');
    expect(JSON.stringify(withSummary)).not.toContain('CODEWORD-MARK');
    expect(JSON.stringify(withSummary)).not.toContain('LEGAL-MARK');
    expect(pickShared(AVAILABLE, ['location'])).toEqual({ pseudonym: 'Mei', country: 'BE', city: 'Brussels' });
  });

  it('all fields give everything available', () => {
    expect(pickShared(AVAILABLE, [...SHARE_FIELDS])).toEqual(AVAILABLE);
  });

  it('says which fields have nothing recorded', () => {
    expect(hasContent(AVAILABLE, 'summary')).toBe(true);
    expect(hasContent(AVAILABLE, 'dependants')).toBe(false);
    expect(hasContent(AVAILABLE, 'risk')).toBe(false);
    expect(hasContent({ pseudonym: 'x' }, 'languages')).toBe(false);
  });
});

describe('receiver language default', () => {
  it('French for France and Belgium, Dutch for the Netherlands, English elsewhere', () => {
    expect(defaultLetterLanguage('FR')).toBe('fr');
    expect(defaultLetterLanguage('BE')).toBe('fr');
    expect(defaultLetterLanguage('NL')).toBe('nl');
    expect(defaultLetterLanguage('DE')).toBe('en');
    expect(defaultLetterLanguage('IT')).toBe('en');
  });
});

describe('typed fingerprints', () => {
  const shape = '12345 67890 11111 22222';
  it('regroups digits typed without spaces or with other separators', () => {
    expect(normaliseTypedFingerprint('12345678901111122222', shape)).toBe(shape);
    expect(normaliseTypedFingerprint(' 1234-5678 90111\n11 22222 ', shape)).toBe(shape);
  });
  it('leaves a wrong length alone (main refuses it)', () => {
    expect(normaliseTypedFingerprint('1234567890', shape)).toBe('1234567890');
    expect(normaliseTypedFingerprint('12345  67890', null)).toBe('12345 67890');
  });
});

describe('referrals messages', () => {
  const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  const keys = Object.keys(referralsMessages.en) as Array<keyof typeof referralsMessages.en>;

  it('every key in all four languages, none empty, same placeholders', () => {
    expect(keys.length).toBeGreaterThan(200);
    for (const lang of ['zh-CN', 'fr', 'nl'] as const) {
      for (const key of keys) {
        const text = referralsMessages[lang][key];
        expect(text, `${lang} ${key}`).toBeTruthy();
        expect(placeholders(text), `${lang} ${key}`).toEqual(placeholders(referralsMessages.en[key]));
      }
    }
  });

  it('the Chinese catalogue is Chinese (no English left behind)', () => {
    const latinOnly = keys.filter((k) => !/[\u4e00-\u9fff]/.test(referralsMessages['zh-CN'][k]));
    expect(latinOnly).toEqual([]);
  });
});
