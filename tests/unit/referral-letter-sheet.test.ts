// The letter sheet (shared/domain/referrals/letter.ts letterSheet): what the PDF (main) and the
// print layout (renderer) both show, in which order and with which labels.
import { describe, expect, it } from 'vitest';
import { letterSheet, type LetterSheetInput } from '../../shared/domain/referrals/letter';

const INPUT: LetterSheetInput = {
  reference: 'RF-2026-7K3Q9M',
  date: '2026-11-24T10:00:00.000Z',
  from: { name: 'Lotus Harbour Brussels (demo)', country: 'BE' },
  to: { name: 'Quince Legal Aid Lyon (demo)', country: 'FR' },
  serviceName: 'Quince legal aid desk (demo)',
  letter: { zh: '您好，我们转介一位女士。', other: 'Bonjour, nous vous adressons une femme.', otherLanguage: 'fr' },
  verification: '12345 67890 12345'
};

describe('letterSheet', () => {
  it('labels in Chinese and the receiver’s language, countries and the date written in both', () => {
    const sheet = letterSheet(INPUT);
    expect(sheet.title).toBe('转介信 · Lettre d’orientation');
    expect(sheet.rows).toEqual([
      { label: '发件机构 / De', value: 'Lotus Harbour Brussels (demo)\nBelgique · 比利时' },
      { label: '收件机构 / À', value: 'Quince Legal Aid Lyon (demo)\nFrance · 法国' },
      { label: '服务 / Service', value: 'Quince legal aid desk (demo)' },
      { label: '日期 / Date', value: '2026年11月24日 · 24 novembre 2026' },
      { label: '转介编号 / Référence', value: 'RF-2026-7K3Q9M' }
    ]);
  });

  it('the Chinese letter first, then the receiver’s, each with its language tag and heading', () => {
    const sheet = letterSheet(INPUT);
    expect(sheet.letters).toEqual([
      { lang: 'zh-CN', heading: '转介信（中文）', text: INPUT.letter.zh },
      { lang: 'fr', heading: 'Lettre d’orientation (français)', text: INPUT.letter.other }
    ]);
  });

  it('the closing block: reference, fingerprint, and the line to compare it by phone in both languages', () => {
    const sheet = letterSheet({ ...INPUT, letter: { ...INPUT.letter, otherLanguage: 'nl', other: 'Beste collega’s' } });
    expect(sheet.footer.reference).toEqual({ label: '转介编号 / Referentie', value: INPUT.reference });
    expect(sheet.footer.verification).toEqual({ label: '验证指纹 / Verificatievingerafdruk', value: '12345 67890 12345' });
    expect(sheet.footer.sealed).toEqual([
      '本信经安心（Anxin）加密并签名。请通过电话与发件机构核对验证指纹。',
      'Verzegeld en ondertekend met Anxin — vergelijk de vingerafdruk telefonisch met de afzender.'
    ]);
    expect(sheet.pageLine(1, 2)).toBe('第 1 页，共 2 页 · Pagina 1 van 2');
    expect(sheet.rows[0]!.value).toBe('Lotus Harbour Brussels (demo)\nBelgië · 比利时');
  });

  it('labelsLang sets the non-Chinese labels apart from the letter’s language; a free-text country is kept', () => {
    const sheet = letterSheet({ ...INPUT, to: { name: 'X', country: 'Somewhere' }, labelsLang: 'en' });
    expect(sheet.title).toBe('转介信 · Referral letter');
    expect(sheet.rows[1]).toEqual({ label: '收件机构 / To', value: 'X\nSomewhere' });
    expect(sheet.letters[1]).toMatchObject({ lang: 'fr', heading: 'Lettre d’orientation (français)' });
  });
});
