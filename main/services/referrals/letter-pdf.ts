/**
 * The referral letter as PDF (docs/referrals.md, "Letters"), built in memory with the generic
 * writer (main/services/pdf): nothing is written to disk.
 *
 * Layout (A4): a bilingual title; a header block with both organisations (name and country),
 * the service, the date (written in both languages) and the reference, each labelled in Chinese
 * and the receiver's language; the Chinese letter; on a new
 * page, the letter in the receiver's language (each under a heading in its own language); and on
 * every page a footer with the reference, the fingerprint, the line asking the reader to compare
 * the fingerprint with the sender by phone (in both languages), and the page number.
 */
import { countryName, formatLetterDate, letterLabels, pageOf } from '../../../shared/domain/referrals/letter';
import type { Letter, LetterLanguage } from '../../../shared/domain/referrals/schemas';
import { renderPdf } from '../pdf';

export type ReferralLetterPdfInput = {
  reference: string;
  /** ISO date (YYYY-MM-DD or a timestamp; the date part is printed). */
  date: string;
  from: { name: string; country: string };
  to: { name: string; country: string };
  serviceName: string;
  letter: Letter;
  /** The referral's verification fingerprint (grouped digits), also shown in the app on both sides. */
  verification: string;
  /** Language of the non-Chinese labels; by default the letter's other language. */
  labelsLang?: LetterLanguage;
};

export async function renderReferralLetterPdf(input: ReferralLetterPdfInput): Promise<Uint8Array> {
  const other = input.labelsLang ?? input.letter.otherLanguage;
  const zh = letterLabels('zh');
  const ot = letterLabels(other);
  const letterOther = letterLabels(input.letter.otherLanguage);
  const both = (a: string, b: string) => (a === b ? a : `${a} / ${b}`);
  const party = (p: { name: string; country: string }) => {
    const countries = [...new Set([countryName(p.country, other), countryName(p.country, 'zh')])].filter((c) => c.trim() !== '');
    return countries.length > 0 ? `${p.name}\n${countries.join(' · ')}` : p.name;
  };
  const dates = [...new Set([formatLetterDate(input.date, 'zh'), formatLetterDate(input.date, other)])].join(' · ');

  const pdf = await renderPdf({
    title: `${zh.title} · ${ot.title}`,
    lang: 'zh-CN',
    blocks: [
      {
        kind: 'fields',
        rows: [
          { label: both(zh.from, ot.from), value: party(input.from) },
          { label: both(zh.to, ot.to), value: party(input.to) },
          { label: both(zh.service, ot.service), value: input.serviceName },
          { label: both(zh.date, ot.date), value: dates },
          { label: both(zh.reference, ot.reference), value: input.reference }
        ]
      },
      { kind: 'heading', text: zh.letterHeading, lang: 'zh-CN' },
      { kind: 'paragraph', text: input.letter.zh, lang: 'zh-CN' },
      { kind: 'page-break' },
      { kind: 'heading', text: letterOther.letterHeading, lang: input.letter.otherLanguage },
      { kind: 'paragraph', text: input.letter.other, lang: input.letter.otherLanguage }
    ],
    footer: {
      lines: [
        `${both(zh.reference, ot.reference)}: ${input.reference}    ${both(zh.verification, ot.verification)}: ${input.verification}`,
        zh.sealed,
        ot.sealed
      ],
      page: (page, pages) => `${pageOf(zh.page, page, pages)} · ${pageOf(ot.page, page, pages)}`
    }
  });
  return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
}
