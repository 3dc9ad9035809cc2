/** Page object for the Directory view (renderer/features/directory). */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';

export type EntryInput = { name: string; type: string; country: string; city: string; languages: string[]; phone?: string; email?: string; acceptsReferrals?: boolean };

export class DirectoryPage {
  constructor(private readonly page: Page) {}
  async open(): Promise<void> {
    await this.page.getByTestId('nav-directory').click();
    await this.page.getByTestId('directory-view').waitFor();
    await this.page.getByTestId('directory-count').waitFor();
  }
  async add(e: EntryInput): Promise<void> {
    await this.page.getByTestId('directory-add').click();
    const form = this.page.getByTestId('directory-form');
    await form.waitFor();
    await this.page.getByTestId('directory-field-name').fill(e.name);
    await this.page.getByTestId('directory-field-type').selectOption(e.type);
    await this.page.getByTestId('directory-field-country').fill(e.country);
    await this.page.getByTestId('directory-field-city').fill(e.city);
    // The form starts with Mandarin ticked: set exactly the languages asked for.
    for (const box of await this.page.locator('[data-testid^="directory-lang-"]').all()) {
      const code = ((await box.getAttribute('data-testid')) ?? '').replace('directory-lang-', '');
      await box.setChecked(e.languages.includes(code));
    }
    if (e.phone) await this.page.getByTestId('directory-field-phone').fill(e.phone);
    if (e.email) await this.page.getByTestId('directory-field-email').fill(e.email);
    if (e.acceptsReferrals) await this.page.getByTestId('directory-field-acceptsReferrals').check();
    await this.page.getByTestId('directory-save').click();
    await form.waitFor({ state: 'detached' });
  }
  async importFile(name: string, content: string): Promise<void> {
    const mimeType = name.endsWith('.json') ? 'application/json' : 'text/csv';
    await this.page.getByTestId('directory-import-input').setInputFiles({ name, mimeType, buffer: Buffer.from(content, 'utf8') });
    await this.page.getByTestId('directory-report').waitFor();
  }
  async closeReport(): Promise<void> {
    await this.page.getByTestId('directory-report-close').click();
  }
  reportSummary() {
    return this.page.getByTestId('directory-report-summary').innerText();
  }
  rejected() {
    return this.page.getByTestId('directory-report-rejected');
  }
  duplicates() {
    return this.page.getByTestId('directory-report-duplicate');
  }
  /** Clicks an export button and returns the downloaded file's name and text. */
  async export(format: 'json' | 'csv'): Promise<{ name: string; text: string }> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.getByTestId(`directory-export-${format}`).click()]);
    const file = await download.path();
    return { name: download.suggestedFilename(), text: await readFile(file, 'utf8') };
  }
  async filter(f: { query?: string; country?: string; city?: string; type?: string; language?: string }): Promise<void> {
    if (f.query !== undefined) await this.page.getByTestId('directory-search').fill(f.query);
    if (f.country !== undefined) await this.page.getByTestId('directory-filter-country').selectOption(f.country);
    if (f.city !== undefined) await this.page.getByTestId('directory-filter-city').selectOption(f.city);
    if (f.type !== undefined) await this.page.getByTestId('directory-filter-type').selectOption(f.type);
    if (f.language !== undefined) await this.page.getByTestId('directory-filter-language').selectOption(f.language);
  }
  async shownNames(): Promise<string[]> {
    return this.page.getByTestId('directory-row-name').allInnerTexts();
  }
  async counts(): Promise<{ shown: number; total: number }> {
    // Both from one read of the element (two reads could straddle a re-render).
    return this.page.getByTestId('directory-count').evaluate((e) => ({ shown: Number(e.getAttribute('data-count')), total: Number(e.getAttribute('data-total')) }));
  }
  loadDemo() {
    return this.page.getByTestId('directory-load-demo').click();
  }
}
