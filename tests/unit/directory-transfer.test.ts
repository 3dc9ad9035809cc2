// Directory files: parsing CSV/JSON into numbered rows, per-field refusal reasons, label
// aliases in the four UI languages, and the spreadsheet-formula guard of the CSV export.
import { describe, expect, it } from 'vitest';
import { exportFile, parseFile, validateRow } from '../../main/services/directory/transfer';
import { DirectoryFields, duplicateKey, foldText, REASONS, type DirectoryEntry } from '../../shared/domain/directory/schemas';
import { DEMO_ENTRIES } from '../../shared/domain/directory/demo';
import { directoryMessages } from '../../shared/i18n/features/directory';
import { AppError } from '../../shared/errors';

const entry = (over: Partial<DirectoryEntry> = {}): DirectoryEntry => ({
  ...DirectoryFields.parse({ name: 'Refuge', type: 'shelter', country: 'BE', city: 'Liège', languages: ['mandarin'] }),
  id: 'a'.repeat(32),
  revision: 1,
  source: 'private',
  updatedAt: '2026-11-24T10:00:00.000Z',
  ...over
});

describe('directory import rows', () => {
  it('numbers CSV rows as a spreadsheet does and JSON items from 1', () => {
    const csv = parseFile('csv', '\uFEFFname,city\r\nA,X\r\n\r\nB,Y\r\n');
    expect(csv.map((r) => r.row)).toEqual([2, 3]);
    const json = parseFile('json', JSON.stringify({ entries: [{}, {}, {}] }));
    expect(json.map((r) => r.row)).toEqual([1, 2, 3]);
  });

  it('refuses unreadable files as a whole, with a clear error', () => {
    for (const [format, text] of [
      ['json', '[1,'],
      ['json', '{"a":1}'],
      ['csv', 'city,type\nX,shelter'],
      ['csv', '   ']
    ] as const) {
      expect(() => parseFile(format, text)).toThrow(AppError);
    }
  });

  it('gives one reason per refused field, and accepts labels in any UI language', () => {
    const [ok] = parseFile('csv', 'name,type,country,city,languages,acceptsReferrals\nÉcoute,Hulplijn,nl,Den Haag,温州话; Kantonees,ja');
    const good = validateRow(ok!);
    expect(good).toEqual({ ok: true, fields: expect.objectContaining({ type: 'hotline', country: 'NL', languages: ['wenzhou', 'cantonese'], acceptsReferrals: true }) });

    const refused = validateRow({ row: 7, value: { name: '', type: 'x', country: 'Belgium', city: 'Gent', languages: ['mandarin', 'elvish'], website: 'javascript:alert(1)', colour: 'red' } });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.rejected.map((r) => [r.row, r.field, r.reason, r.value])).toEqual(
      expect.arrayContaining([
        [7, 'name', 'required', ''],
        [7, 'type', 'unknown-type', 'x'],
        [7, 'country', 'invalid-country', 'Belgium'],
        [7, 'languages', 'unknown-language', 'elvish'],
        [7, 'website', 'invalid-website', 'javascript:alert(1)'],
        [7, 'colour', 'unknown-field', 'red']
      ])
    );
    expect(validateRow({ row: 2, value: 'just text' })).toEqual({ ok: false, rejected: [{ row: 2, field: '', reason: 'not-an-object', value: 'just text' }] });
    const [broken] = parseFile('csv', 'name,city\nA,B,C,D');
    expect(validateRow(broken!).ok).toBe(false);
  });

  it('every refusal reason has a translation in all four languages', () => {
    for (const locale of ['en', 'zh-CN', 'fr', 'nl'] as const) {
      for (const reason of REASONS) expect((directoryMessages[locale] as Record<string, string>)[`directory.reason.${reason}`]).toBeTruthy();
    }
  });
});

describe('directory export', () => {
  it('guards spreadsheet formulas in CSV but keeps phone numbers, and round-trips', () => {
    const evil = entry({ name: '=HYPERLINK("http://x")', notes: '@SUM(1)', phone: '+32 0000 00 01', city: 'Gent' });
    const file = exportFile('csv', [evil], '2026-11-24T10:00:00.000Z');
    expect(file.filename).toBe('anxin-directory-2026-11-24.csv');
    expect(file.content).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(file.content).toContain(',+32 0000 00 01,');
    const [row] = parseFile('csv', file.content);
    const back = validateRow(row!);
    expect(back.ok && back.fields).toMatchObject({ name: '=HYPERLINK("http://x")', notes: '@SUM(1)', phone: '+32 0000 00 01' });
  });

  it('exports fields only: no ids, revisions or sources', () => {
    const doc = JSON.parse(exportFile('json', [entry()], '2026-11-24T10:00:00.000Z').content) as { format: string; entries: object[] };
    expect(doc.format).toBe('anxin-directory');
    expect(Object.keys(doc.entries[0]!).sort()).toEqual(Object.keys(DirectoryFields.shape).sort());
  });
});

describe('duplicates and the demo directory', () => {
  it('treats name + city + type as the identity, ignoring accents, case, width and spacing', () => {
    const a = { name: 'Refuge  Hélène', city: 'LIÈGE', type: 'shelter' as const };
    expect(duplicateKey(a)).toBe(duplicateKey({ name: 'refuge helene', city: 'Ｌｉｅｇｅ', type: 'shelter' }));
    expect(duplicateKey(a)).not.toBe(duplicateKey({ ...a, type: 'legal-aid' }));
    expect(foldText('Straße Œuvre')).toBe('strasse oeuvre');
  });

  it('ships only fictional demo data: valid, marked demo, example.org, 0000 numbers', () => {
    const keys = new Set<string>();
    for (const d of DEMO_ENTRIES) {
      const f = DirectoryFields.parse(d);
      expect(f.demo).toBe(true);
      expect(f.name).toMatch(/\(demo\)$/);
      expect(f.phone).toMatch(/^\+3[123] 0000 /);
      expect(f.email === '' || f.email.endsWith('@example.org')).toBe(true);
      expect(f.website === '' || /^https:\/\/([a-z-]+\.)?example\.org$/.test(f.website)).toBe(true);
      keys.add(duplicateKey(f));
    }
    expect(keys.size).toBe(DEMO_ENTRIES.length);
  });
});
