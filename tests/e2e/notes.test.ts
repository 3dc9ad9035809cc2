/**
 * Interview notes in Chromium against the real browser host, with no relay configured and no
 * request leaving the host's origin: an interview from a Chinese template, the host killed with
 * SIGKILL right after the "saved" indicator and restarted on the same data directory (every
 * acknowledged word is back), finalise, create the case from the interview, anonymise and export
 * the story as PDF (pdftotext reads the Chinese text), and the revision history with differences.
 * Finally the data directory is searched for what was typed.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumAvailable, launchChromium, makeTempDir, newPage, startHostProcess, stopHostProcess, type RunningHost } from './fixtures';
import { CreateVaultPage, RecoveryKeyPage, UnlockPage } from './pages/vault-pages';
import { ShellPage } from './pages/case-pages';
import { NotesPage } from './pages/notes-pages';
import { filesContaining } from '../helpers/temp-dir';

const PASSPHRASE = 'harbour lantern ninety softly 安心';
const MARKER = '访谈标记七一';
const BEFORE = `我2015年来到比利时。丈夫王伟说会照顾我。${MARKER}`;
const MORE = '2019年3月8日他拿走了我的护照。';
const SHOTS = process.env.ANXIN_SHOTS_DIR;

describe('interview notes in Chromium (browser host)', () => {
  const tmp = makeTempDir('anxin-e2e-notes-');
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  const foreign: string[] = [];

  const shot = async (name: string) => {
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  };
  /** The next answer to a notes:save request (the renderer encodes the channel in the path). */
  const savedResponse = () => page.waitForResponse((r) => decodeURIComponent(new URL(r.url()).pathname) === '/ipc/notes:save');
  async function openPage(url: string) {
    page = await newPage(browser, url);
    const origin = new URL(url).origin;
    page.on('request', (r) => {
      if (!r.url().startsWith(origin) && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) foreign.push(r.url());
    });
  }

  beforeAll(async () => {
    if (!chromiumAvailable()) throw new Error('Chromium not found: apt-get install chromium, or set CHROMIUM_PATH');
    host = await startHostProcess(tmp.dir);
    browser = await launchChromium();
    await openPage(host.url);
  });
  afterAll(async () => {
    await browser?.close();
    if (host) await stopHostProcess(host);
    tmp.cleanup();
  });

  it('starts an interview from a Chinese template and autosaves', async () => {
    await new CreateVaultPage(page).create('林老师', PASSPHRASE);
    const recovery = new RecoveryKeyPage(page);
    const key = await recovery.readKey();
    await recovery.written();
    await recovery.confirm(key);
    await new ShellPage(page).setLanguage('zh-CN');
    const notes = new NotesPage(page);
    await notes.open();
    await notes.start({ templateId: 'builtin:story:zh-CN', interpreter: '陈译员' });
    expect(await page.getByTestId('notes-editor-title').innerText()).toContain('故事收集');
    await shot('zh-editor-empty');
    // "Saved" only once main has committed the revision (the state read 'saved' before typing too:
    // wait for the save itself first).
    const saved = savedResponse();
    await notes.type('before', BEFORE);
    await saved;
    await expect.poll(() => notes.saveState()).toBe('saved');
    expect(await notes.stage()).toBe('draft');
  });

  it('survives SIGKILL of the host right after the save: the restarted app shows every saved word', async () => {
    await stopHostProcess(host, 'SIGKILL');
    expect(host.process.signalCode).toBe('SIGKILL');
    await page.context().close();
    host = await startHostProcess(tmp.dir);
    await openPage(host.url);
    await new UnlockPage(page).unlock(PASSPHRASE);
    const notes = new NotesPage(page);
    await notes.open();
    await expect.poll(() => notes.rows().count()).toBe(1);
    await notes.rows().first().click();
    await expect.poll(() => notes.answer('before').inputValue()).toBe(BEFORE);
  });

  it('finalises, then a later edit is a new revision; the history highlights the change', async () => {
    const notes = new NotesPage(page);
    await notes.finalise();
    await expect.poll(() => notes.stage()).toBe('finalised');
    const saved = savedResponse();
    await notes.type('what-happened', MORE);
    await page.getByTestId('notes-free').click(); // blur saves at once
    await saved;
    await expect.poll(() => notes.saveState()).toBe('saved');
    await notes.openHistory();
    await expect.poll(() => notes.revisions().count()).toBeGreaterThanOrEqual(3);
    await notes.revisions().first().click();
    await expect.poll(async () => (await notes.diff().locator('ins').allInnerTexts()).join('')).toBe(MORE);
    await shot('zh-history');
    await page.getByTestId('notes-history-toggle').click();
  });

  it('creates the case from the interview (linked), then anonymises and exports the story as PDF', async () => {
    const notes = new NotesPage(page);
    await notes.createCase('小梅');
    await expect.poll(() => notes.stage()).toBe('linked');
    await notes.openStory();
    // The story consent is recorded on the case (case files feature); here through its IPC channel.
    const caseId = await page.evaluate(async () => {
      const secret = sessionStorage.getItem('anxin.hostSecret') ?? '';
      const call = async (channel: string, body: unknown) =>
        (await fetch(`/ipc/${channel}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Anxin-Secret': secret }, body: JSON.stringify(body) })).json();
      const list = await call('cases:list', {});
      const id = list.value[0].id as string;
      const r = await call('consents:record', { caseId: id, consent: { scope: 'story', givenOn: '2026-11-20', method: 'written' } });
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      return id;
    });
    expect(caseId).toMatch(/^[0-9a-f]{32}$/);
    const types = await notes.findings().evaluateAll((els) => els.map((e) => e.getAttribute('data-type')));
    expect(types).toEqual(expect.arrayContaining(['name', 'date']));
    expect(await notes.preview().innerText()).not.toContain('王伟');
    expect(await notes.preview().innerText()).toContain('[姓名]');
    await shot('zh-story');
    const [download] = await Promise.all([page.waitForEvent('download'), notes.exportPdfButton().click()]);
    const file = path.join(tmp.dir, '..', `${path.basename(tmp.dir)}-story.pdf`);
    await download.saveAs(file);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(text).toContain('丈夫[姓名]说会照顾我');
    expect(text).toContain(MARKER);
    expect(text).not.toContain('王伟');
    await page.getByTestId('notes-exported').waitFor();
    rmSync(file, { force: true }); // the export is the user's file; the test leaves none behind
  });

  it('shows the screens in English too, made no request outside the host, and left no plaintext in the data directory', async () => {
    await new ShellPage(page).setLanguage('en');
    await shot('en-story');
    const notes = new NotesPage(page);
    await page.getByTestId('notes-search').fill('王伟');
    await expect.poll(() => notes.rows().count()).toBe(1);
    await page.getByTestId('notes-search').fill('nothing-like-this');
    await expect.poll(() => notes.rows().count()).toBe(0);
    await page.getByTestId('notes-search').fill('');
    // An organisation's own template: copy a built-in, add a question, use it.
    await page.getByTestId('notes-templates').click();
    await page.getByTestId('tpl-select').selectOption('builtin:follow-up:nl');
    await page.getByTestId('tpl-copy').click();
    await page.getByTestId('notes-template-editor').waitFor();
    await page.getByRole('button', { name: 'Add a question' }).click();
    await page.getByTestId('tpl-question').last().fill('Heeft ze een advocaat?');
    await page.getByTestId('tpl-save').click();
    await page.getByText('Template saved.').waitFor();
    await shot('en-templates');
    await page.getByTestId('notes-new').click();
    await page.getByTestId('notes-new-form').waitFor();
    const own = await page.locator('[data-testid="notes-template"] optgroup').nth(1).locator('option').allInnerTexts();
    expect(own.join()).toContain('Opvolging (our version)');
    await shot('en-new');
    expect(foreign).toEqual([]);
    await new ShellPage(page).lock();
    await page.getByTestId('unlock-passphrase').waitFor();
    for (const needle of [MARKER, '王伟', '陈译员', MORE]) expect(filesContaining(tmp.dir, needle)).toEqual([]);
  });
});
