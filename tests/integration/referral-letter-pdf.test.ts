// The referral letter as PDF, read back with poppler's pdftotext: the Chinese letter and the
// receiver-language letter (French, Dutch, English) are real text, and so are the organisation
// names (accents and Chinese), the dates, the reference and, on every page, the verification
// fingerprint with the "compare by phone" line.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReferralLetterPdf, type ReferralLetterPdfInput } from '../../main/services/referrals/letter-pdf';
import { BUILT_IN_TEMPLATES, composeLetter, letterLabels, type LetterFacts } from '../../shared/domain/referrals/letter';
import type { LetterLanguage } from '../../shared/domain/referrals/schemas';
import { makeTempDir } from '../helpers/temp-dir';

const FROM = { name: '安心妇女互助会 · Association Hélène Zhōu', country: 'BE' };
const TO: Record<LetterLanguage, { name: string; country: string; service: string }> = {
  fr: { name: 'Maison d’Accueil Léa Ségur', country: 'FR', service: 'Permanence juridique en mandarin' },
  nl: { name: 'Vrouwenhuis Zuid-Holland · 南荷兰妇女之家', country: 'NL', service: 'Crisisopvang Rotterdam' },
  en: { name: 'Saint Bríd’s Women’s Aid', country: 'IE', service: 'Counselling in Mandarin' }
};
const TEMPLATE: Record<LetterLanguage, string> = { fr: 'builtin:legal-aid', nl: 'builtin:shelter', en: 'builtin:health' };
const REFERENCE = 'RF-2026-7K3Q9M';
const VERIFICATION = '3141 5926 5358 9793 2384 6264 3383 2795';

let tmp: ReturnType<typeof makeTempDir>;
beforeAll(() => {
  tmp = makeTempDir('anxin-letter-pdf-');
});
afterAll(() => tmp.cleanup());

const squash = (s: string) => s.replace(/\s+/g, '');

/** The text of each page (pdftotext, UTF-8), from the PDF bytes written to a temp file. */
function pagesOf(bytes: Uint8Array, name: string): string[] {
  const file = join(tmp.dir, `${name}.pdf`);
  writeFileSync(file, bytes);
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
  return Array.from({ length: pages }, (_, i) =>
    execFileSync('pdftotext', ['-enc', 'UTF-8', '-f', String(i + 1), '-l', String(i + 1), file, '-'], { encoding: 'utf8' })
  );
}

async function render(other: LetterLanguage, extraZh = '') {
  const to = TO[other];
  const facts: LetterFacts = {
    receiverName: to.name,
    serviceName: to.service,
    senderName: FROM.name,
    senderContact: 'Lin Mei, +32 2 000 00 00',
    pseudonym: '小梅',
    languages: ['mandarin', 'wenzhou'],
    fields: ['languages', 'contact-safety', 'summary'],
    attachments: 1,
    consent: 'given',
    reference: REFERENCE,
    date: '2026-11-24'
  };
  const template = BUILT_IN_TEMPLATES.find((t) => t.id === TEMPLATE[other])!;
  const letter = composeLetter(template, other, facts);
  if (extraZh) letter.zh = `${letter.zh}\n\n${extraZh}`;
  const input: ReferralLetterPdfInput = {
    reference: REFERENCE,
    date: '2026-11-24',
    from: { name: FROM.name, country: FROM.country },
    to: { name: to.name, country: to.country },
    serviceName: to.service,
    letter,
    verification: VERIFICATION
  };
  const bytes = await renderReferralLetterPdf(input);
  return { bytes, letter, pages: pagesOf(bytes, `letter-${other}`) };
}

describe('referral letter PDF', () => {
  for (const other of ['fr', 'nl', 'en'] as const) {
    it(`zh + ${other}: both letters, the names, the date, the reference and the fingerprint are real text`, async () => {
      // Lengthen the Chinese letter so it runs over a page: the footer must be on every page.
      const extra = '这是一段为了测试分页而加长的附言。'.repeat(other === 'en' ? 60 : 1);
      const { bytes, letter, pages } = await render(other, extra);
      expect(bytes).toBeInstanceOf(Uint8Array);
      expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
      expect(bytes.length).toBeLessThan(300_000); // the font is subset, not embedded whole
      expect(pages.length).toBeGreaterThanOrEqual(other === 'en' ? 3 : 2);

      const zh = letterLabels('zh');
      const ot = letterLabels(other);
      const footer = [zh.sealed, ot.sealed].map(squash);
      for (const [i, page] of pages.entries()) {
        const text = squash(page);
        expect(text, `page ${i + 1}`).toContain(REFERENCE);
        expect(text, `page ${i + 1}`).toContain(squash(VERIFICATION));
        for (const line of footer) expect(text, `page ${i + 1}`).toContain(line);
        expect(text, `page ${i + 1}`).toContain(squash(`第 ${i + 1} 页，共 ${pages.length} 页`));
      }

      // The body without the footers, pages joined: every paragraph of both letters, in order.
      const body = pages
        .map((p) => {
          const text = squash(p);
          const cut = text.indexOf(squash(`${zh.reference} / ${ot.reference}: ${REFERENCE}`), text.indexOf(squash(zh.letterHeading)) + 1);
          return cut > 0 ? text.slice(0, cut) : text;
        })
        .join('');
      let from = 0;
      for (const paragraph of [...letter.zh.split(/\n+/), ...letter.other.split(/\n+/)].map(squash).filter(Boolean)) {
        const at = body.indexOf(paragraph, from);
        expect(at, paragraph.slice(0, 60)).toBeGreaterThanOrEqual(0);
        from = at;
      }
      // Chinese first, then the receiver's letter under its own heading.
      expect(body.indexOf(squash(zh.letterHeading))).toBeLessThan(body.indexOf(squash(ot.letterHeading)));
      expect(body).toContain('她已同意我们为此次转介与贵机构分享她的信息');

      // Header block: both organisations (accents, Chinese), countries, service, date in both languages.
      const first = squash(pages[0]!);
      expect(first).toContain(squash(FROM.name));
      expect(first).toContain(squash(TO[other].name));
      expect(first).toContain(squash(TO[other].service));
      expect(first).toContain('比利时');
      expect(first).toContain('2026年11月24日');
      expect(first).toContain(squash(`${zh.from} / ${ot.from}`));
    });
  }

  it('writes dates, countries and labels in the receiver’s language', async () => {
    const fr = squash((await render('fr')).pages.join(''));
    expect(fr).toContain('24novembre2026');
    expect(fr).toContain('Belgique');
    expect(fr).toContain('Empreintedevérification');
    expect(fr).toContain('Lettred’orientation(français)');
    expect(fr).toContain(squash('Elle a accepté que nous partagions ces informations avec votre organisation'));
    const nl = squash((await render('nl')).pages.join(''));
    expect(nl).toContain('24november2026');
    expect(nl).toContain('Nederland');
    expect(nl).toContain('België');
    expect(nl).toContain(squash('vergelijk de vingerafdruk telefonisch met de afzender'));
    expect(nl).toContain(squash('Houd het adres van de opvang strikt vertrouwelijk'));
    const en = squash((await render('en')).pages.join(''));
    expect(en).toContain('24November2026');
    expect(en).toContain('Ireland');
    expect(en).toContain('爱尔兰');
    expect(en).toContain(squash('compare the fingerprint with the sender by phone'));
  });
});
