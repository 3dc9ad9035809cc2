// Referral letters (shared/domain/referrals/letter.ts): the built-in bilingual templates, the
// placeholder filler, the per-language values and the PDF labels.
import { describe, expect, it } from 'vitest';
import {
  BUILT_IN_TEMPLATES,
  LETTER_PLACEHOLDERS,
  LETTER_TEXT_LANGUAGES,
  builtInTemplateName,
  composeLetter,
  describeSharedItems,
  fillLetter,
  formatLetterDate,
  letterLabels,
  letterValues,
  pageOf,
  placeholdersIn,
  unknownPlaceholders,
  type LetterFacts
} from '../../shared/domain/referrals/letter';
import { LetterTemplate } from '../../shared/domain/referrals/schemas';

const FACTS: LetterFacts = {
  receiverName: 'Maison d’Accueil Hélène',
  serviceName: 'Permanence juridique',
  senderName: '安心妇女互助会 Brussel',
  senderContact: 'Lin Mei, +32 2 000 00 00',
  pseudonym: '小梅',
  languages: ['mandarin', 'french', 'Lishu dialect'],
  fields: ['languages', 'contact-safety'],
  attachments: 2,
  consent: 'given',
  reference: 'RF-2026-7K3Q9M',
  date: '2026-11-24'
};

describe('built-in letter templates', () => {
  it('include general referral, legal aid, shelter and health, valid, read-only, with unique ids', () => {
    expect(BUILT_IN_TEMPLATES.map((t) => t.id)).toEqual(['builtin:general', 'builtin:legal-aid', 'builtin:shelter', 'builtin:health']);
    for (const t of BUILT_IN_TEMPLATES) {
      expect(LetterTemplate.parse(t)).toEqual(t);
      expect(t.builtIn).toBe(true);
      expect(t.revision).toBe(0);
    }
    expect(builtInTemplateName('builtin:legal-aid', 'fr')).toBe('Aide juridique');
    expect(builtInTemplateName('builtin:shelter', 'zh-CN')).toBe('庇护所和紧急住宿');
    expect(builtInTemplateName('0123456789abcdef0123456789abcdef', 'en')).toBeNull();
  });

  it('have all four languages, each with the same, known placeholder set', () => {
    for (const t of BUILT_IN_TEMPLATES) {
      const sets = LETTER_TEXT_LANGUAGES.map((lang) => {
        expect(t[lang].trim().length, `${t.id} ${lang}`).toBeGreaterThan(400);
        expect(unknownPlaceholders(t[lang]), `${t.id} ${lang}`).toEqual([]);
        return placeholdersIn(t[lang]).sort();
      });
      for (const set of sets) expect(set).toEqual(sets[0]);
      // Every built-in says who, for which service, what is shared, on what basis, and how to reach her.
      expect(sets[0]).toEqual([...LETTER_PLACEHOLDERS].sort());
    }
  });

  it('are different letters, each in its own language', () => {
    const general = BUILT_IN_TEMPLATES[0]!;
    const texts = BUILT_IN_TEMPLATES.map((t) => t.fr);
    expect(new Set(texts).size).toBe(BUILT_IN_TEMPLATES.length);
    expect(general.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(general.zh).toContain('安全方式');
    expect(general.en).toContain('safe way described in the referral file');
    expect(general.fr).toContain('manière sûre indiquée dans le dossier');
    expect(general.nl).toContain('veilige manier die in het verwijsdossier staat');
    for (const lang of ['en', 'fr', 'nl'] as const) expect(general[lang]).not.toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('fillLetter', () => {
  it('fills known placeholders and keeps unknown or missing ones visible', () => {
    const text = 'Dear {{receiverName}}, about {{ pseudonym }} ({{reference}}): {{typo}} {{senderContact}}.';
    expect(fillLetter(text, { receiverName: 'Hélène', pseudonym: '小梅', reference: 'RF-1', senderContact: undefined })).toBe(
      'Dear Hélène, about 小梅 (RF-1): {{typo}} {{senderContact}}.'
    );
    // An empty string is a value; text that only looks like a placeholder stays.
    expect(fillLetter('{{reference}}|{{ }}|{reference}', { reference: '' })).toBe('|{{ }}|{reference}');
    // Values are not re-scanned: a value containing braces is inserted as is.
    expect(fillLetter('{{pseudonym}} {{date}}', { pseudonym: '{{date}}', date: 'today' })).toBe('{{date}} today');
    // Inherited names are not values.
    expect(fillLetter('{{toString}}', {})).toBe('{{toString}}');
  });

  it('fills a template in one language (the other form)', () => {
    const t = { name: 'x', zh: '致{{receiverName}}', en: 'To {{receiverName}}', fr: 'À {{receiverName}}', nl: 'Aan {{receiverName}}' };
    expect(fillLetter(t, 'nl', { receiverName: 'Huis' })).toBe('Aan Huis');
    expect(fillLetter(t, 'zh', { receiverName: '安心' })).toBe('致安心');
  });
});

describe('letter values and composition', () => {
  it('writes dates, languages and the shared items in the letter language', () => {
    expect(formatLetterDate('2026-11-24', 'zh')).toBe('2026年11月24日');
    expect(formatLetterDate('2026-11-24', 'en')).toBe('24 November 2026');
    expect(formatLetterDate('2026-11-24T23:59:00.000Z', 'fr')).toBe('24 novembre 2026');
    expect(formatLetterDate('2026-03-01', 'nl')).toBe('1 maart 2026');
    expect(formatLetterDate('not a date', 'nl')).toBe('not a date');

    const zh = letterValues(FACTS, 'zh');
    const fr = letterValues(FACTS, 'fr');
    expect(zh.languages).toBe('普通话、法语、Lishu dialect');
    expect(fr.languages).toBe('mandarin, français et Lishu dialect');
    expect(letterValues(FACTS, 'nl').languages).toBe('Mandarijn, Frans en Lishu dialect');
    expect(letterValues({ ...FACTS, languages: [] }, 'en').languages).toBe('(not shared)');
    expect(letterValues({ ...FACTS, senderContact: '  ' }, 'en').senderContact).toBe(FACTS.senderName);
    expect(fr.sharedItems).toBe('le pseudonyme utilisé pour cette orientation, les langues qu’elle parle, la manière de la contacter en sécurité et 2 documents joints');
    expect(zh.sharedItems).toBe('本转介使用的化名、她使用的语言、如何安全地联系她、2 份附件');
    expect(describeSharedItems([], 0, 'en')).toBe('the pseudonym used in this referral');
    expect(describeSharedItems(['identity', 'risk'], 1, 'en')).toBe('the pseudonym used in this referral, her identity details, the level of the latest risk assessment and 1 attached document');
  });

  it('states consent, or the override, truthfully', () => {
    expect(letterValues(FACTS, 'en').consent).toContain('She agreed');
    const override = letterValues({ ...FACTS, consent: 'override' }, 'en').consent;
    expect(override).toContain('without her recorded consent');
    expect(override).not.toContain('agreed');
    for (const lang of LETTER_TEXT_LANGUAGES) expect(letterValues({ ...FACTS, consent: 'override' }, lang).consent).not.toBe(letterValues(FACTS, lang).consent);
  });

  it('composes every built-in into a complete bilingual letter', () => {
    for (const t of BUILT_IN_TEMPLATES) {
      for (const other of ['en', 'fr', 'nl'] as const) {
        const letter = composeLetter(t, other, FACTS);
        expect(letter.otherLanguage).toBe(other);
        for (const text of [letter.zh, letter.other]) {
          expect(text).not.toContain('{{');
          expect(text).toContain('小梅');
          expect(text).toContain('RF-2026-7K3Q9M');
          expect(text).toContain('Maison d’Accueil Hélène');
        }
        expect(letter.zh).toContain('2026年11月24日');
        expect(letter.zh).toContain('她已同意');
      }
    }
    expect(composeLetter(BUILT_IN_TEMPLATES[0]!, 'nl', FACTS).other).toContain('24 november 2026');
  });
});

describe('letterLabels', () => {
  it('has every label in every language, and page numbers', () => {
    const keys = Object.keys(letterLabels('en')).sort();
    for (const lang of LETTER_TEXT_LANGUAGES) {
      const labels = letterLabels(lang);
      expect(Object.keys(labels).sort()).toEqual(keys);
      for (const value of Object.values(labels)) expect(value.trim()).not.toBe('');
      expect(pageOf(labels.page, 2, 3)).toMatch(/2\D+3/);
    }
    expect(letterLabels('fr').verification).toBe('Empreinte de vérification');
    expect(letterLabels('zh').sealed).toContain('电话');
    expect(letterLabels('nl').sealed).toContain('telefonisch');
    expect(letterLabels('en').sealed).toContain('by phone');
  });
});
