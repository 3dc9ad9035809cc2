/**
 * Organisation settings of the case files and deleting records made by mistake, in Chromium
 * against the real browser host: the retention period (validated, kept across lock/unlock —
 * the host has no clock to drive, so "past the period" is covered by the integration tests),
 * the organisation's own risk checklist (a weight changed turns a medium answer set high; the
 * threshold order is refused with a translated message; reset to the built-in one), and
 * deleting an incident and a task (confirmed, audited, gone after lock/unlock).
 * ANXIN_E2E_SHOTS=<dir> saves screenshots of the new screens in English and Chinese.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumAvailable, launchChromium, makeTempDir, newPage, startHostProcess, stopHostProcess, type RunningHost } from './fixtures';
import { CreateVaultPage, RecoveryKeyPage, UnlockPage } from './pages/vault-pages';
import { ShellPage } from './pages/case-pages';
import { CaseFilePage, CaseloadPage } from './pages/case-file-pages';
import { OrganisationSettingsPage, RecordDeletion } from './pages/case-file-settings-pages';

const PASSPHRASE = 'lantern orchard seventy quietly 安心';
const SHOTS = process.env.ANXIN_E2E_SHOTS;

describe('case files: organisation settings and deleting records (Chromium)', () => {
  const tmp = makeTempDir('anxin-e2e-cfs-');
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  let caseload: CaseloadPage;
  let file: CaseFilePage;
  let settings: OrganisationSettingsPage;
  let deletion: RecordDeletion;
  const shot = async (name: string) => {
    if (!SHOTS) return;
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  };
  const shotOf = async (name: string, testId: string) => {
    if (!SHOTS) return;
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.getByTestId(testId).screenshot({ path: path.join(SHOTS, `${name}.png`) });
  };
  const problems = () => (page as Page & { problems?: string[] }).problems ?? [];

  async function lockAndUnlock(): Promise<void> {
    await new ShellPage(page).lock();
    await new UnlockPage(page).unlock(PASSPHRASE);
    await page.getByTestId('case-new').waitFor();
  }
  async function openCase(name: string): Promise<void> {
    await caseload.rows().filter({ hasText: name }).click();
    await file.title().filter({ hasText: name }).waitFor();
  }
  async function assess(yes: string[]): Promise<string | null> {
    await file.startRiskAssessment();
    for (const q of yes) await file.answerRisk(q, 'yes');
    const level = await file.riskPreview().getAttribute('data-level');
    await file.saveRisk();
    await page.getByTestId('risk-result').getByRole('button').last().click();
    await page.getByTestId('risk-result').waitFor({ state: 'detached' });
    return level;
  }

  beforeAll(async () => {
    if (!chromiumAvailable()) throw new Error('Chromium not found: apt-get install chromium, or set CHROMIUM_PATH');
    host = await startHostProcess(tmp.dir);
    browser = await launchChromium();
    page = await newPage(browser, host.url);
    caseload = new CaseloadPage(page);
    file = new CaseFilePage(page);
    settings = new OrganisationSettingsPage(page);
    deletion = new RecordDeletion(page);
    await new CreateVaultPage(page).create('Sophie Dubois', PASSPHRASE);
    const recovery = new RecoveryKeyPage(page);
    const key = await recovery.readKey();
    await recovery.written();
    await recovery.confirm(key);
    await page.getByTestId('case-new').waitFor();
    await caseload.createCase({ pseudonym: 'Meilin', summary: 'Met at the Belleville drop-in.' });
  });
  afterAll(async () => {
    await browser?.close();
    if (host) await stopHostProcess(host);
    tmp.cleanup();
  });

  it('scores with the built-in checklist: choking and a weapon are medium', async () => {
    expect(await assess(['choking', 'weapon'])).toBe('medium');
    await expect.poll(() => page.getByTestId('risk-current').locator('.risk-badge').getAttribute('class')).toContain('risk-medium');
  });

  it('shows the retention period with its explanation and refuses an invalid one', async () => {
    await settings.open();
    expect(await settings.retentionMonths().inputValue()).toBe('24');
    expect(await page.getByTestId('settings-retention').innerText()).toContain('Nothing is ever deleted automatically');
    await settings.retentionMonths().fill('0');
    expect(await settings.retentionError().innerText()).toBe('Enter a whole number of months from 1 to 600.');
    expect(await settings.retentionSave().isDisabled()).toBe(true);
    await settings.setRetention(3);
    expect(await settings.retentionSaved().innerText()).toContain('3 months');
  });

  it('refuses a medium threshold above the high one, then saves a changed weight as the organisation’s own checklist', async () => {
    expect(await settings.checklistOrigin().innerText()).toContain('built-in');
    await settings.medium().fill('30');
    await expect.poll(() => settings.orderError().count()).toBe(1);
    await settings.saveChecklist();
    await expect.poll(() => page.getByTestId('checklist-form').getByRole('alert').count()).toBe(1);
    expect(await settings.checklistSaved().count()).toBe(0);
    await shotOf('checklist-invalid-en', 'settings-checklist');
    await settings.medium().fill('10');
    await settings.weight('choking').fill('15');
    await settings.openTexts('choking');
    await settings.text('choking', 'en').fill('Has he ever strangled her or tried to?');
    await shot('settings-en');
    await settings.saveChecklist();
    await settings.checklistSaved().waitFor();
    expect(await settings.checklistOrigin().innerText()).toContain('own checklist (version 1)');
  });

  it('keeps the retention period and the checklist across lock and unlock', async () => {
    await lockAndUnlock();
    await settings.open();
    expect(await settings.retentionMonths().inputValue()).toBe('3');
    expect(await settings.weight('choking').inputValue()).toBe('15');
    expect(await settings.checklistOrigin().innerText()).toContain('version 1');
  });

  it('the same answers are now high, with the new wording', async () => {
    await settings.backToCases();
    await openCase('Meilin');
    await file.startRiskAssessment();
    expect(await page.getByTestId('risk-form').innerText()).toContain('Has he ever strangled her or tried to?');
    await page.getByTestId('risk-form').getByRole('button', { name: /cancel/i }).click();
    expect(await assess(['choking', 'weapon'])).toBe('high');
    await expect.poll(() => page.getByTestId('risk-current').locator('.risk-badge').getAttribute('class')).toContain('risk-high');
    expect(await page.getByTestId('risk-current').innerText()).toContain('20');
    // The caseload row follows the case file at once (no stale "medium" in the list).
    await expect.poll(() => caseload.rows().filter({ hasText: 'Meilin' }).locator('.risk-badge').getAttribute('class')).toContain('risk-high');
  });

  it('deletes an incident and a task entered by mistake, after a confirmation, audited', async () => {
    await file.addIncident({ date: '2026-01-05', place: 'Wrong case', forms: ['physical'], description: 'Entered in the wrong file: Quorvexin.' });
    await file.addTask({ title: 'Typo task', owner: 'Sophie', due: '2026-12-01' });
    await expect.poll(() => file.incidents().count()).toBe(1);
    await caseload.search('Quorvexin');
    await expect.poll(() => caseload.rows().count()).toBe(1);
    await deletion.startDeleteIncidentThenCancel();
    expect(await file.incidents().count()).toBe(1);
    await page.getByTestId('incident-edit').first().click();
    await page.getByTestId('incident-delete').click();
    expect(await page.getByRole('alertdialog').innerText()).toMatch(/Delete the incident of (Jan 5, 2026|5 Jan 2026)\?/);
    await shot('delete-incident-en');
    await page.getByTestId('incident-delete-confirm').click();
    await page.getByTestId('incident-form').waitFor({ state: 'detached' });
    await expect.poll(() => file.incidents().count()).toBe(0);
    // Gone from the search index too.
    await expect.poll(() => caseload.rows().count()).toBe(0);
    await caseload.search('');
    await expect.poll(() => caseload.rows().count()).toBe(1);
    await deletion.deleteTask('Typo task');
    await expect.poll(() => file.tasks().count()).toBe(0);
    const actions = await file.auditActions();
    expect(actions.filter((a) => a === 'edited').length).toBeGreaterThanOrEqual(4);
    await lockAndUnlock();
    await openCase('Meilin');
    // The file's lists are read after its title shows: wait for them (the risk overview comes in the same answer).
    await page.getByTestId('risk-current').waitFor();
    expect(await file.incidents().count()).toBe(0);
    expect(await file.tasks().count()).toBe(0);
  });

  it('shows the settings in Chinese, then resets to the built-in checklist', async () => {
    await new ShellPage(page).setLanguage('zh-CN');
    await settings.open();
    expect(await page.getByTestId('settings-retention').innerText()).toContain('系统绝不会自动删除任何个案');
    expect(await settings.checklistOrigin().innerText()).toContain('本机构自定义清单');
    await shot('settings-zh');
    await shotOf('retention-zh', 'settings-retention');
    await settings.medium().fill('30');
    await settings.saveChecklist();
    await shotOf('checklist-invalid-zh', 'settings-checklist');
    await settings.medium().fill('10');
    await settings.resetChecklist();
    expect(await settings.checklistOrigin().innerText()).toContain('安心内置清单');
    expect(await settings.weight('choking').inputValue()).toBe('8');
    await new ShellPage(page).setLanguage('en');
    expect(problems()).toEqual([]);
  });
});
