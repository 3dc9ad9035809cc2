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
import { letterSheet, type LetterSheetInput } from '../../../shared/domain/referrals/letter';
import { renderPdf } from '../pdf';

/** The same content as the print layout in the renderer (letterSheet: one source for both). */
export type ReferralLetterPdfInput = LetterSheetInput;

export async function renderReferralLetterPdf(input: ReferralLetterPdfInput): Promise<Uint8Array> {
  const sheet = letterSheet(input);
  const [zh, other] = sheet.letters;
  const { reference, verification, sealed } = sheet.footer;

  const pdf = await renderPdf({
    title: sheet.title,
    lang: 'zh-CN',
    blocks: [
      { kind: 'fields', rows: sheet.rows },
      { kind: 'heading', text: zh.heading, lang: zh.lang },
      { kind: 'paragraph', text: zh.text, lang: zh.lang },
      { kind: 'page-break' },
      { kind: 'heading', text: other.heading, lang: other.lang },
      { kind: 'paragraph', text: other.text, lang: other.lang }
    ],
    footer: {
      lines: [`${reference.label}: ${reference.value}    ${verification.label}: ${verification.value}`, ...sealed],
      page: sheet.pageLine
    }
  });
  return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
}
