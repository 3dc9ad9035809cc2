/**
 * A caseworker's path through a case file, in Chromium against the real browser host: a case
 * with profile and contact safety, the audited identity reveal, an incident, consent, a risk
 * assessment (high → safety-plan prompt, autosaved plan), tasks, attachments (a PNG and a PDF
 * made here, previewed in the app), search by a word of the incident, close with a reason,
 * reopen, the caseload views, and the quick exit (blank at once, unlock required).
 * Set ANXIN_E2E_SHOTS=<dir> to also save screenshots of the screens.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumAvailable, launchChromium, makeTempDir, newPage, startHostProcess, stopHostProcess, type RunningHost } from './fixtures';
import { CreateVaultPage, RecoveryKeyPage, UnlockPage } from './pages/vault-pages';
import { ShellPage } from './pages/case-pages';
import { CaseFilePage, CaseloadPage, QuickExit } from './pages/case-file-pages';
import { filesContaining } from '../helpers/temp-dir';

const PASSPHRASE = 'harbour violet ninety calmly 安心';
const INCIDENT_WORD = 'Zanzibarquill';
const CODE_WORD = 'CODEWORD-7f3a';
const LEGAL_NAME = 'LEGALNAME-Wang-42';
const SHOTS = process.env.ANXIN_E2E_SHOTS;

const isoDay = (offsetDays: number) => {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/** A one-page PDF with a line of text, xref offsets computed. */
function makePdf(text: string): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    null,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'
  ];
  const stream = `BT /F1 18 Tf 30 100 Td (${text}) Tj ET`;
  objects[3] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

describe('case files in Chromium (browser host)', () => {
  const tmp = makeTempDir('anxin-e2e-cf-');
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  let caseload: CaseloadPage;
  let file: CaseFilePage;
  const shot = async (name: string, fullPage = true) => {
    if (!SHOTS) return;
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage });
  };

  beforeAll(async () => {
    if (!chromiumAvailable()) throw new Error('Chromium not found: apt-get install chromium, or set CHROMIUM_PATH');
    host = await startHostProcess(tmp.dir);
    browser = await launchChromium();
    page = await newPage(browser, host.url);
    caseload = new CaseloadPage(page);
    file = new CaseFilePage(page);
    await new CreateVaultPage(page).create('Amélie Martin', PASSPHRASE);
    const recovery = new RecoveryKeyPage(page);
    const key = await recovery.readKey();
    await recovery.written();
    await recovery.confirm(key);
    await page.getByTestId('case-new').waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    if (host) await stopHostProcess(host);
    tmp.cleanup();
  });

  it('creates a case with a profile; contact safety is shown first', async () => {
    await caseload.newCase();
    await shot('01-new-case-form');
    await caseload.createCase({
      pseudonym: 'Jasmine',
      summary: 'Referred by the consulate hotline. Speaks little French.',
      languages: ['mandarin', 'wenzhou'],
      country: 'FR',
      city: 'Paris',
      worker: 'Amélie',
      safeToCall: 'no',
      safeToText: 'yes',
      codeWord: CODE_WORD,
      mustNotKnow: 'Her husband and his mother',
      dependants: ['Xiaobao']
    });
    await file.title().filter({ hasText: 'Jasmine' }).waitFor();
    expect(await page.getByTestId('contact-call').innerText()).toBe('No');
    expect(await page.getByTestId('contact-must-not-know').innerText()).toContain('husband');
    expect(await page.getByTestId('dependants').innerText()).toContain('Xiaobao');
    await expect.poll(() => caseload.rows().filter({ hasText: 'Jasmine' }).count()).toBe(1);
  });

  it('keeps the identity hidden until an audited reveal', async () => {
    expect(await file.identityValues().count()).toBe(0);
    await file.revealIdentity();
    await file.setLegalName(LEGAL_NAME);
    await expect.poll(async () => (await file.auditActions()).includes('revealed')).toBe(true);
  });

  it('records an incident and consent', async () => {
    await file.addIncident({
      date: isoDay(-20),
      place: 'At home, Aubervilliers',
      forms: ['physical', 'immigration-threats'],
      description: `He threatened to take her passport. Word to find: ${INCIDENT_WORD}.`
    });
    await expect.poll(() => file.incidents().count()).toBe(1);
    await file.addConsent('services');
    await expect.poll(() => file.consents().count()).toBe(1);
  });

  it('a high risk level prompts the safety plan, which is autosaved', async () => {
    await file.startRiskAssessment();
    await expect.poll(() => file.riskPreview().getAttribute('data-level')).toBe('standard');
    for (const q of ['violence-worse', 'choking', 'weapon', 'threat-to-kill']) await file.answerRisk(q, 'yes');
    await expect.poll(() => file.riskPreview().getAttribute('data-level')).toBe('high');
    await shot('02-risk-form');
    await file.saveRisk();
    await expect.poll(() => file.safetyPlanPrompt().count()).toBeGreaterThan(0);
    await file.goToSafetyPlan();
    await file.safetyPlanField('safePlaces').fill('Her friend Li’s flat; the pharmacy on rue Riquet');
    await expect.poll(() => file.autosaveState().getAttribute('data-state')).toBe('saved');
  });

  it('adds tasks with owner, due date and status; an overdue one is marked', async () => {
    await file.addTask({ title: 'Book an interpreter for the lawyer meeting', owner: 'Amélie', due: isoDay(3) });
    await file.addTask({ title: 'Call the shelter about a place', owner: 'Sophie', due: isoDay(-2) });
    await expect.poll(() => file.tasks().count()).toBe(2);
    expect(await page.locator('[data-testid="task-row"].is-overdue').count()).toBe(1);
    // The shared schema validates, with a translated message, before anything is sent.
    await page.getByTestId('task-add').click();
    await page.getByTestId('task-save').click();
    await expect.poll(() => page.locator('#task-title-error').innerText()).toBe('This is required.');
    await page.getByTestId('task-form').getByRole('button', { name: 'Cancel' }).click();
    expect(await file.tasks().count()).toBe(2);
  });

  it('imports a PNG and a PDF and previews both inside the app', async () => {
    const png = await page.screenshot({ clip: { x: 0, y: 0, width: 64, height: 48 } });
    await file.importAttachment({ name: 'injury.png', mimeType: 'image/png', buffer: png });
    await file.importAttachment({ name: 'report.pdf', mimeType: 'application/pdf', buffer: makePdf('Police report 2025') }, 'police-report');
    await expect.poll(() => file.attachments().count()).toBe(2);
    await file.previewAttachment('injury.png');
    await expect.poll(() => page.getByTestId('attachment-image').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(64);
    expect(await page.getByTestId('attachment-image').getAttribute('src')).toMatch(/^blob:/);
    await file.previewAttachment('report.pdf');
    await expect.poll(() => page.locator('[data-testid="pdf-preview"] canvas').count(), { timeout: 30_000 }).toBe(1);
    await shot('03-case-file');
    // Deleting asks once more, then the file is gone from the case.
    await file.attachments().filter({ hasText: 'injury.png' }).getByTestId('attachment-delete').click();
    await page.getByTestId('attachment-delete-confirm').waitFor();
    expect(await file.attachments().count()).toBe(2);
    await page.getByTestId('attachment-delete-confirm').click();
    await expect.poll(() => file.attachments().count()).toBe(1);
    expect(await file.attachments().first().innerText()).toContain('report.pdf');
  });

  it('finds the case by a word of the incident', async () => {
    await caseload.createCase({ pseudonym: 'Peony', summary: 'Second case, nothing in common.' });
    // Both cases listed first, so that one row after the search means the search filtered.
    await expect.poll(() => caseload.rows().count()).toBe(2);
    await caseload.search(INCIDENT_WORD.toLowerCase());
    await expect.poll(() => caseload.rows().count()).toBe(1);
    expect(await caseload.rows().first().innerText()).toContain('Jasmine');
    await caseload.search('nothing-like-this-anywhere');
    await expect.poll(() => caseload.rows().count()).toBe(0);
    await caseload.search('');
    await expect.poll(() => caseload.rows().count()).toBe(2);
    await caseload.rows().filter({ hasText: 'Jasmine' }).click();
    await file.title().filter({ hasText: 'Jasmine' }).waitFor();
  });

  it('asks before dropping an unsaved incident when another case is opened', async () => {
    await page.getByTestId('incident-add').click();
    await page.getByTestId('incident-description').fill('half typed');
    await caseload.rows().filter({ hasText: 'Peony' }).click();
    await page.getByTestId('case-keep-editing').click();
    expect(await page.getByTestId('incident-description').inputValue()).toBe('half typed');
    await expect.poll(() => file.title().innerText()).toBe('Jasmine');
    await page.getByTestId('incident-form').getByRole('button', { name: 'Cancel' }).click();
  });

  it('closes only with a reason, then reopens', async () => {
    await file.close(null);
    await expect.poll(() => page.getByTestId('close-form').locator('.field-error').count()).toBe(1);
    await page.getByTestId('close-reason').selectOption('moved-away');
    await page.getByTestId('close-confirm').click();
    await expect.poll(() => file.status().innerText()).toMatch(/closed/i);
    expect(await page.getByTestId('case-closed-reason').innerText()).toContain('Moved away');
    await shot('04-closed');
    await file.reopen();
    await expect.poll(() => file.status().innerText()).toMatch(/open/i);
    const kinds = () => file.timelineEntries().evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
    expect(new Set(await kinds()).size).toBeGreaterThan(1);
    await file.filterTimeline('status');
    // Created, closed, reopened: only status entries once the filter applies.
    await expect.poll(async () => (await kinds()).every((k) => k === 'status') && (await kinds()).length >= 2).toBe(true);
  });

  it('shows the board and the due-and-overdue view', async () => {
    await caseload.view('board');
    await expect.poll(() => page.getByTestId('board-card').count()).toBe(2);
    await shot('05-board');
    await caseload.view('due');
    await expect.poll(() => page.getByTestId('due-row').count()).toBe(2);
    await shot('06-due');
    await caseload.view('list');
  });

  it('quick exit blanks the window at once and requires unlocking', async () => {
    await new QuickExit(page).button();
    await new QuickExit(page).blank().waitFor();
    expect(await page.getByTestId('app-title').count()).toBe(0);
    expect(await page.locator('body').innerText()).toBe('');
    expect(await page.title()).not.toMatch(/anxin|安心/i);
    await page.keyboard.press('Space');
    const unlock = new UnlockPage(page);
    await page.getByTestId('unlock-passphrase').waitFor();
    expect(await page.getByText('Jasmine').count()).toBe(0);
    await unlock.unlock(PASSPHRASE);
    await expect.poll(() => caseload.rows().count(), { timeout: 30_000 }).toBe(2);
    // The shortcut does the same.
    await new QuickExit(page).shortcut();
    await new QuickExit(page).blank().waitFor();
    await page.mouse.click(10, 10);
    await page.getByTestId('unlock-passphrase').waitFor();
    await unlock.unlock(PASSPHRASE);
    await expect.poll(() => caseload.rows().count(), { timeout: 30_000 }).toBe(2);
  });

  it('reads naturally in Chinese', async () => {
    await caseload.rows().filter({ hasText: 'Jasmine' }).click();
    await file.title().filter({ hasText: 'Jasmine' }).waitFor();
    await new ShellPage(page).setLanguage('zh-CN');
    await expect.poll(() => page.getByTestId('quick-exit').innerText()).toBe('快速退出');
    expect(await page.getByTestId('contact-safety').innerText()).toMatch(/联系安全/);
    await shot('07-case-file-zh');
    if (SHOTS) {
      await page.evaluate(() => window.scrollTo(0, 0));
      await shot('08-case-file-top-zh', false);
      await caseload.view('board');
      await shot('09-board-zh', false);
      await caseload.view('due');
      await shot('10-due-zh', false);
      await caseload.view('list');
      for (const locale of ['fr', 'nl'] as const) {
        await new ShellPage(page).setLanguage(locale);
        await page.evaluate(() => window.scrollTo(0, 0));
        await shot(`11-case-file-${locale}`);
      }
      await new ShellPage(page).setLanguage('en');
      await page.evaluate(() => window.scrollTo(0, 0));
      await shot('12-case-file-top-en', false);
    }
    await new ShellPage(page).setLanguage('en');
  });

  it('deletes a case only once its code is typed', async () => {
    await caseload.rows().filter({ hasText: 'Peony' }).click();
    await file.title().filter({ hasText: 'Peony' }).waitFor();
    const code = await file.caseCode();
    await file.startDelete();
    expect(await file.deleteConfirm().isDisabled()).toBe(true);
    await file.typeDeleteCode('AX-WRONG1');
    expect(await file.deleteConfirm().isDisabled()).toBe(true);
    await file.typeDeleteCode(code.toLowerCase());
    await file.deleteConfirm().click();
    await expect.poll(() => caseload.rows().count()).toBe(1);
    expect(await caseload.rows().first().innerText()).toContain('Jasmine');
    expect(await file.title().count()).toBe(0);
  });

  it('reported no page errors', () => {
    expect.soft((page as Page & { problems?: string[] }).problems?.join('\n') ?? '').toBe('');
    expect((page as Page & { problems?: string[] }).problems ?? []).toEqual([]);
  });

  it('left no plaintext of the new fields in the data directory', async () => {
    await stopHostProcess(host, 'SIGKILL');
    for (const marker of [INCIDENT_WORD, CODE_WORD, LEGAL_NAME]) expect(filesContaining(tmp.dir, marker)).toEqual([]);
  });
});
