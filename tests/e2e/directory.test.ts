/**
 * The directory of help services in Chromium against the real browser host: add an entry,
 * import a CSV with one bad row and read the report, filter by language and city, export JSON
 * and re-import it (no duplicates), load the fictional demo entries, and switch to Chinese.
 * The header must still fit at 1280 px in French and Dutch with the extra "Directory" link.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumAvailable, launchChromium, makeTempDir, newPage, startHostProcess, stopHostProcess, type RunningHost } from './fixtures';
import { CreateVaultPage, RecoveryKeyPage } from './pages/vault-pages';
import { ShellPage } from './pages/case-pages';
import { DirectoryPage } from './pages/directory-pages';
import { ipc } from './pages/referrals';
import { filesContaining } from '../helpers/temp-dir';

const PASSPHRASE = 'harbour lantern ninety softly 安心';
const SHOTS = process.env.ANXIN_SHOTS_DIR;
const CSV = [
  'name,type,country,city,languages,phone,email,acceptsReferrals',
  'Aide Juridique Lyon Test,legal-aid,FR,Lyon,mandarin;french,+33 0000 10 10,aide@example.org,yes',
  'Broken Row,teleport,FR,Lyon,mandarin,,,yes',
  'Centre Psy Lyon Test,psychological,FR,Lyon,cantonese;french,,,no',
  'Tolk Gent Test,interpretation,BE,Gent,mandarin;dutch,,,yes'
].join('\n');

describe('directory in Chromium (browser host)', () => {
  const tmp = makeTempDir('anxin-e2e-dir-');
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  let dir: DirectoryPage;

  const shot = async (name: string) => {
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  };

  beforeAll(async () => {
    if (!chromiumAvailable()) throw new Error('Chromium not found: apt-get install chromium, or set CHROMIUM_PATH');
    host = await startHostProcess(tmp.dir);
    browser = await launchChromium();
    page = await newPage(browser, host.url);
    await new CreateVaultPage(page).create('Marie', PASSPHRASE);
    const recovery = new RecoveryKeyPage(page);
    const key = await recovery.readKey();
    await recovery.written();
    await recovery.confirm(key);
    dir = new DirectoryPage(page);
  });
  afterAll(async () => {
    await browser?.close();
    if (host) await stopHostProcess(host);
    tmp.cleanup();
  });

  it('adds an entry by hand', async () => {
    await dir.open();
    expect(await dir.counts()).toEqual({ shown: 0, total: 0 });
    await dir.add({ name: 'Refuge Hélène Liège', type: 'shelter', country: 'be', city: 'Liège', languages: ['mandarin', 'wenzhou', 'french'], phone: '+32 0000 12 34', acceptsReferrals: true });
    await expect.poll(() => dir.shownNames()).toEqual(['Refuge Hélène Liège']);
    expect(await page.getByTestId('directory-row-languages').innerText()).toBe('Mandarin, Wenzhou dialect, French');
    // The same name, city and type again (other accents and case) is refused in the form, translated.
    await page.getByTestId('directory-add').click();
    await page.getByTestId('directory-field-name').fill('REFUGE HELENE LIEGE');
    await page.getByTestId('directory-field-country').fill('BE');
    await page.getByTestId('directory-field-city').fill('liege');
    await page.getByTestId('directory-save').click();
    const error = page.getByTestId('directory-form-error');
    await error.waitFor();
    expect(await error.getAttribute('data-code')).toBe('directory/duplicate');
    expect(await error.innerText()).toContain('same name, city and type');
    await shot('en-form-duplicate');
    await page.getByTestId('directory-cancel').click();
    await page.getByTestId('directory-form').waitFor({ state: 'detached' });
  });

  it('imports a CSV with one bad row and shows the report', async () => {
    await dir.importFile('services.csv', CSV);
    expect(await dir.reportSummary()).toBe('Rows read: 4. Added: 3. Duplicates skipped: 0. Rows refused: 1.');
    const rejected = dir.rejected();
    expect(await rejected.count()).toBe(1);
    expect(await rejected.getAttribute('data-row')).toBe('3');
    expect(await rejected.innerText()).toContain('Unknown type of service');
    expect(await rejected.innerText()).toContain('teleport');
    await shot('en-import-report');
    // The report shows before the list is read again.
    await expect.poll(async () => (await dir.counts()).total).toBe(4);
  });

  it('filters by language and city, and searches without accents', async () => {
    await dir.filter({ language: 'mandarin' });
    await expect.poll(() => dir.shownNames()).toEqual(['Tolk Gent Test', 'Refuge Hélène Liège', 'Aide Juridique Lyon Test']);
    await dir.filter({ city: 'Lyon' });
    await expect.poll(() => dir.shownNames()).toEqual(['Aide Juridique Lyon Test']);
    await dir.filter({ language: '' });
    await expect.poll(() => dir.shownNames()).toEqual(['Aide Juridique Lyon Test', 'Centre Psy Lyon Test']);
    await dir.filter({ city: '', query: 'helene' });
    await expect.poll(() => dir.shownNames()).toEqual(['Refuge Hélène Liège']);
    await dir.filter({ query: '' });
    await dir.closeReport();
  });

  it('exports JSON and re-imports it without creating duplicates', async () => {
    const file = await dir.export('json');
    expect(file.name).toMatch(/^anxin-directory-\d{4}-\d{2}-\d{2}\.json$/);
    const doc = JSON.parse(file.text) as { entries: Array<{ name: string }> };
    expect(doc.entries.map((e) => e.name).sort()).toEqual(['Aide Juridique Lyon Test', 'Centre Psy Lyon Test', 'Refuge Hélène Liège', 'Tolk Gent Test']);
    await dir.importFile(file.name, file.text);
    expect(await dir.reportSummary()).toBe('Rows read: 4. Added: 0. Duplicates skipped: 4. Rows refused: 0.');
    expect(await dir.duplicates().count()).toBe(4);
    // Still four entries in the directory itself (the count on screen was four before the import too).
    const stored = await ipc<{ total: number }>(page, 'directory:search', { query: '', country: '', city: '', type: '', language: '' });
    expect(stored.total).toBe(4);
    await expect.poll(async () => (await dir.counts()).total).toBe(4);
    await dir.closeReport();
  });

  it('loads the demo entries, marked as demo, and shows everything in Chinese', async () => {
    await dir.loadDemo();
    await expect.poll(async () => (await dir.counts()).total).toBeGreaterThan(4);
    const demoRows = page.locator('[data-testid="directory-row"][data-demo="true"]');
    expect(await demoRows.count()).toBe(await page.getByTestId('directory-demo-badge').count());
    expect(await demoRows.count()).toBeGreaterThan(0);
    await dir.filter({ city: 'Brussels' });
    // Only the filtered list has the Brussels shelter without the Antwerp hotline.
    await expect
      .poll(async () => {
        const names = await dir.shownNames();
        return { shelter: names.includes('Example Shelter Brussels (demo)'), antwerp: names.includes('Example Hotline Belgium (demo)') };
      })
      .toEqual({ shelter: true, antwerp: false });
    await shot('en-directory');
    await new ShellPage(page).setLanguage('zh-CN');
    await expect.poll(() => page.getByTestId('nav-directory').innerText()).toBe('服务名录');
    expect(await page.getByTestId('directory-demo-badge').first().innerText()).toBe('演示');
    expect(await page.getByTestId('directory-row-place').first().innerText()).toContain('比利时');
    expect(await page.getByTestId('directory-row-languages').first().innerText()).toContain('普通话');
    await dir.filter({ city: '', language: 'wenzhou' });
    // Both selects change one after the other: wait for the state after both, not the one in between.
    await expect
      .poll(async () => {
        const names = await dir.shownNames();
        return { refuge: names.includes('Refuge Hélène Liège'), tolk: names.includes('Tolk Gent Test') };
      })
      .toEqual({ refuge: true, tolk: false });
    expect(await page.getByTestId('directory-count').innerText()).toMatch(/^共 \d+ 条，显示 \d+ 条$/);
    await shot('zh-directory');
  });

  it('fits the header in 1280 px in French and Dutch, with Quick exit and the signed-in name readable', async () => {
    for (const locale of ['fr', 'nl'] as const) {
      await new ShellPage(page).setLanguage(locale);
      await expect.poll(() => page.getByTestId('nav-directory').innerText()).toBe(locale === 'fr' ? 'Annuaire' : 'Adresboek');
      const overflow = await page.evaluate(() => {
        const header = document.querySelector('.app-header')!;
        const links = [...header.querySelectorAll('.nav-link')].map((el) => el.getBoundingClientRect());
        const tops = new Set(links.map((r) => Math.round(r.top)));
        const visible = (selector: string) => {
          const el = header.querySelector(selector) as HTMLElement | null;
          return !!el && el.offsetWidth > 1 && el.scrollWidth <= el.clientWidth;
        };
        return {
          scroll: header.scrollWidth > header.clientWidth,
          rows: tops.size,
          doc: document.documentElement.scrollWidth > window.innerWidth,
          quickExitLabel: visible('.quick-exit-label'),
          profileName: visible('.profile-name')
        };
      });
      expect(overflow).toEqual({ scroll: false, rows: 1, doc: false, quickExitLabel: true, profileName: true });
      await shot(`${locale}-directory`);
    }
  });

  it('leaves no directory text in plaintext under the data directory', async () => {
    expect(filesContaining(tmp.dir, 'Refuge Hélène').concat(filesContaining(tmp.dir, 'Tolk Gent Test'))).toEqual([]);
    expect((page as Page & { problems?: string[] }).problems ?? []).toEqual([]);
  });
});
