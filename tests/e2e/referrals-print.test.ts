/**
 * Printing the referral letter, in Chromium against two real browser hosts and a relay on
 * 127.0.0.1 (set-up through IPC: tests/e2e/referrals-setup.ts). On the receiver and on the
 * sender: "Print letter" opens the browser's print dialogue (window.print — replaced by a
 * counter, since a headless browser has no dialogue to show), and what prints — the page in
 * print media, as PDF through Chromium's own printing, read back with pdftotext — is the letter
 * alone: both letters (the French one from a new page), both organisations, the reference and the
 * verification fingerprint, and none of the app around it (navigation, quick exit, buttons).
 * The receiver also downloads the letter PDF (the sender's download is in referrals.test.ts).
 * Set ANXIN_SHOTS_DIR=<dir> to save the print layout as screenshots (English and Chinese UI).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { makeTempDir } from './fixtures';
import { ShellPage } from './pages/case-pages';
import { ReferralDetailPage } from './pages/referrals';
import { BRUSSELS, expectWholeLetterPdf, LYON, openReferralFrom, pdfText, squash, startTwoOrganisations, type SentReferral, type TwoOrganisations } from './referrals-setup';

const SHOTS = process.env.ANXIN_SHOTS_DIR;
/** What the app around the letter says on screen (English UI): none of it may print. */
const APP_TEXT = ['Cases', 'Quick exit', 'Referrals', 'Status board', 'Download letter', 'Print letter', 'Lock'];


describe('printing the referral letter in Chromium (both sides)', () => {
  const out = makeTempDir('anxin-e2e-print-out-');
  let orgs: TwoOrganisations | undefined;
  let coord: Page;
  let partner: Page;
  let sent: SentReferral;
  let reference = '';
  let verification = '';

  beforeAll(async () => {
    // Sent, and delivered to Lyon through the relay.
    orgs = await startTwoOrganisations({ tmpPrefix: 'anxin-e2e-print-', stage: 'delivered' });
    ({ coord, partner } = orgs);
    sent = orgs.sent!;
    reference = sent.summary.reference;
  }, 120_000);

  afterAll(async () => {
    await orgs?.stop();
    out.cleanup();
  });

  /** window.print is the browser's dialogue: counted instead (a headless browser shows none). */
  const spyOnPrint = (page: Page) =>
    page.evaluate(() => {
      const w = window as unknown as { __printCalls: number };
      w.__printCalls = 0;
      window.print = () => {
        w.__printCalls += 1;
      };
    });
  const printCalls = (page: Page) => page.evaluate(() => (window as unknown as { __printCalls: number }).__printCalls);

  const openDetail = async (page: Page, tab: 'sent' | 'received') => void (await openReferralFrom(page, tab, reference));

  /** What prints, as Chromium prints it: print media, A4 from the page's @page rule, read back as text by page. */
  async function printedPages(page: Page, name: string): Promise<string[]> {
    await page.emulateMedia({ media: 'print' });
    const file = path.join(out.dir, `${name}.pdf`);
    fs.writeFileSync(file, await page.pdf({ preferCSSPageSize: true }));
    await page.emulateMedia({ media: 'screen' });
    if (SHOTS) fs.copyFileSync(file, path.join(SHOTS, `printed-${name}.pdf`));
    return pdfText(file, true).split('\f').filter((p) => p.trim() !== '');
  }

  function expectTheLetterOnly(pages: string[]): void {
    const all = pages.join('\n');
    const flat = squash(all);
    // Both letters, as sent (their first and last sentences), both organisations, the reference, the fingerprint.
    const zhLines = sent.letter.zh.split('\n').filter((l) => l.trim() !== '');
    const frLines = sent.letter.other.split('\n').filter((l) => l.trim() !== '');
    expect(flat).toContain(squash(zhLines[0]!));
    expect(flat).toContain(squash('感谢您的帮助！'));
    expect(flat).toContain(squash(frLines[0]!));
    expect(flat).toContain(squash('Merci pour votre aide.'));
    expect(flat).toContain(squash(BRUSSELS.name));
    expect(flat).toContain(squash(LYON.name));
    expect(flat).toContain(reference);
    expect(flat).toContain(squash(verification));
    // Labels and countries in Chinese and French, and the line asking to compare the fingerprint by phone.
    expect(flat).toContain(squash('发件机构 / De'));
    expect(flat).toContain(squash('France · 法国'));
    expect(flat).toContain(squash('请通过电话与发件机构核对验证指纹'));
    expect(flat).toContain(squash('comparez l’empreinte avec l’expéditeur par téléphone'));
    // The French letter starts on a new page: the page with its heading holds none of the Chinese letter.
    const frPage = pages.find((p) => squash(p).includes(squash('Lettre d’orientation (français)')));
    expect(frPage).toBeDefined();
    expect(squash(frPage!)).not.toContain(squash('感谢您的帮助'));
    expect(squash(pages[0]!)).toContain(squash('转介信（中文）'));
    // Nothing of the app around it.
    for (const text of APP_TEXT) expect(all, text).not.toContain(text);
  }

  it('the receiver: “Print letter” opens the print dialogue, and only the letter prints', async () => {
    await openDetail(partner, 'received');
    const detail = new ReferralDetailPage(partner);
    verification = (await detail.verification()) ?? '';
    expect(verification).toMatch(/^\d+( \d+)+$/);
    await spyOnPrint(partner);
    await partner.getByTestId('referral-print-button').click();
    await expect.poll(() => printCalls(partner)).toBe(1);
    // Hidden on screen.
    expect(await partner.getByTestId('referral-print').isVisible()).toBe(false);
    expectTheLetterOnly(await printedPages(partner, 'receiver'));
  });

  it('the receiver downloads the letter PDF (pdftotext: both letters, both organisations, reference, fingerprint)', async () => {
    const [download] = await Promise.all([partner.waitForEvent('download'), new ReferralDetailPage(partner).pdfButton().click()]);
    expect(download.suggestedFilename()).toBe(`${reference}.pdf`);
    const file = path.join(out.dir, 'downloaded.pdf');
    await download.saveAs(file);
    expectWholeLetterPdf(file, { reference, verification });
  });

  it('the sender: the same letter prints, with the same fingerprint', async () => {
    await openDetail(coord, 'sent');
    expect(await new ReferralDetailPage(coord).verification()).toBe(verification);
    await spyOnPrint(coord);
    await coord.getByTestId('referral-print-button').click();
    await expect.poll(() => printCalls(coord)).toBe(1);
    expectTheLetterOnly(await printedPages(coord, 'sender'));
    // No page error or console error on either side (a CSP refusal would show here).
    for (const page of [coord, partner]) expect((page as Page & { problems?: string[] }).problems ?? []).toEqual([]);
  });

  it('the print layout leaves the page with the detail (nothing stays in the DOM)', async () => {
    expect(await coord.getByTestId('referral-print').count()).toBe(1);
    await new ReferralDetailPage(coord).back();
    await coord.getByTestId('referrals-board').waitFor();
    expect(await coord.getByTestId('referral-print').count()).toBe(0);
    // Printing now prints the app as usual (the letter-only rule applies only while a letter is open).
    await coord.emulateMedia({ media: 'print' });
    expect(await coord.locator('#root').isVisible()).toBe(true);
    await coord.emulateMedia({ media: 'screen' });
  });

  it('saves the print layout as screenshots (English and Chinese UI) when ANXIN_SHOTS_DIR is set', async () => {
    if (!SHOTS) return;
    fs.mkdirSync(SHOTS, { recursive: true });
    await openDetail(coord, 'sent');
    for (const locale of ['en', 'zh-CN'] as const) {
      await new ShellPage(coord).setLanguage(locale);
      await coord.emulateMedia({ media: 'print' });
      // About A4's width at 96 dpi; the height of the whole letter.
      await coord.setViewportSize({ width: 794, height: 1123 });
      const height = await coord.evaluate(() => document.documentElement.scrollHeight);
      await coord.setViewportSize({ width: 794, height: Math.min(Math.max(height, 1123), 6000) });
      await coord.screenshot({ path: path.join(SHOTS, `print-${locale}.png`) });
      await coord.emulateMedia({ media: 'screen' });
      // Tall enough that the fixed header does not cover the element in its screenshot.
      await coord.setViewportSize({ width: 1280, height: 3200 });
      // The letter block on screen, with its two buttons (the print layout stays hidden).
      await coord.locator('section[aria-labelledby="rf-letter-h"]').screenshot({ path: path.join(SHOTS, `detail-letter-${locale}.png`) });
      await coord.setViewportSize({ width: 1280, height: 800 });
    }
    await new ShellPage(coord).setLanguage('en');
  });
});
