/**
 * The foundation's path for a caseworker, in Chromium against the real browser host:
 * create a vault, confirm the recovery key, add a case, lock, wrong passphrase -> error,
 * right passphrase -> case shown, switch to Chinese. Then the data directory is searched
 * for what she typed (GUIDE §4 test 1 at the outermost layer).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumAvailable, launchChromium, makeTempDir, newPage, startHostProcess, stopHostProcess, type RunningHost } from './fixtures';
import { CreateVaultPage, RecoveryKeyPage, UnlockPage } from './pages/vault-pages';
import { CasesPage, ShellPage } from './pages/case-pages';
import { filesContaining, listFiles } from '../helpers/temp-dir';

const PASSPHRASE = 'river lantern seventeen quietly 安心';
const MARKER = 'E2EMARK-9c41';
const MARKER_ZH = '标记词语九七';

describe('foundation in Chromium (browser host)', () => {
  const tmp = makeTempDir('anxin-e2e-');
  let host: RunningHost;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (!chromiumAvailable()) throw new Error('Chromium not found: apt-get install chromium, or set CHROMIUM_PATH');
    host = await startHostProcess(tmp.dir);
    browser = await launchChromium();
    page = await newPage(browser, host.url);
  });
  afterAll(async () => {
    await browser?.close();
    if (host) await stopHostProcess(host);
    tmp.cleanup();
  });

  it('removes the secret from the address bar', async () => {
    await page.getByTestId('create-profile-name').waitFor();
    expect(page.url()).not.toContain('secret');
  });

  it('creates a vault and requires the recovery key to be typed back', async () => {
    await new CreateVaultPage(page).create('Marie Dupont', PASSPHRASE);
    const recovery = new RecoveryKeyPage(page);
    const key = await recovery.readKey();
    expect(key.replace(/[^0-9A-Z]/gi, '').length).toBeGreaterThanOrEqual(32);
    await recovery.written();
    await recovery.confirm('WRONG-KEY0-0000-0000');
    await expect.poll(() => recovery.mismatch().count()).toBe(1);
    await recovery.confirm(key.toLowerCase());
    await page.getByTestId('case-new').waitFor();
  });

  it('adds a case that the list and the search show', async () => {
    const cases = new CasesPage(page);
    await cases.createCase({ pseudonym: `Lotus ${MARKER}`, summary: `首次联系。${MARKER_ZH} 需要普通话翻译。`, status: 'active' });
    await expect.poll(() => cases.rows().filter({ hasText: MARKER }).count()).toBe(1);
    await cases.search(MARKER_ZH.slice(0, 4));
    await expect.poll(() => cases.rows().count()).toBe(1);
    await cases.search('nothing-like-this-anywhere');
    await expect.poll(() => cases.rows().count()).toBe(0);
    await cases.search('');
  });

  it('locks, refuses a wrong passphrase with a clear message, unlocks with the right one', async () => {
    await new ShellPage(page).lock();
    const unlock = new UnlockPage(page);
    await page.getByTestId('unlock-passphrase').waitFor();
    expect(await page.getByText(MARKER).count()).toBe(0); // nothing of the case left on screen
    await unlock.unlock('this is not the passphrase');
    await expect.poll(async () => (await unlock.error().count()) > 0 && (await unlock.error().innerText())).toMatch(/passphrase/i);
    await unlock.unlock(PASSPHRASE);
    await expect.poll(() => new CasesPage(page).rows().filter({ hasText: MARKER }).count()).toBe(1);
  });

  it('switches the whole UI to Simplified Chinese at runtime', async () => {
    await new ShellPage(page).setLanguage('zh-CN');
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    const lockLabel = await page.getByTestId('lock-button').innerText();
    expect(lockLabel).toMatch(/[\u4e00-\u9fff]/);
    const newCaseLabel = await page.getByTestId('case-new').innerText();
    expect(newCaseLabel).toMatch(/[\u4e00-\u9fff]/);
    expect(newCaseLabel).not.toMatch(/[a-z]{3,}/i);
  });

  it('remembers the language on this device across a reload', async () => {
    await page.reload();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    expect(await page.getByTestId('lock-button').innerText()).toMatch(/[\u4e00-\u9fff]/);
  });

  it('reported no page errors', () => {
    expect((page as Page & { problems?: string[] }).problems ?? []).toEqual([]);
  });

  it('left nothing she typed in plaintext in the data directory', async () => {
    await stopHostProcess(host, 'SIGKILL'); // no clean shutdown: the WAL stays as it is
    expect(listFiles(tmp.dir).length).toBeGreaterThan(0);
    expect(filesContaining(tmp.dir, MARKER)).toEqual([]);
    expect(filesContaining(tmp.dir, MARKER_ZH)).toEqual([]);
    expect(filesContaining(tmp.dir, PASSPHRASE)).toEqual([]);
  });
});
