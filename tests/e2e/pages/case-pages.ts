/** Page objects for the shell (lock, language) and the case list and form. */
import type { Page } from 'playwright-core';

export class ShellPage {
  constructor(private readonly page: Page) {}
  lock() {
    return this.page.getByTestId('lock-button').click();
  }
  setLanguage(locale: 'en' | 'zh-CN' | 'fr' | 'nl') {
    return this.page.getByTestId('language-select').selectOption(locale);
  }
}

export class CasesPage {
  constructor(private readonly page: Page) {}
  async createCase(fields: { pseudonym: string; summary: string; status?: 'open' | 'active' | 'closed' }): Promise<void> {
    await this.page.getByTestId('case-new').click();
    await this.page.getByTestId('case-pseudonym').fill(fields.pseudonym);
    if (fields.status) await this.page.getByTestId('case-status').selectOption(fields.status);
    await this.page.getByTestId('case-summary').fill(fields.summary);
    await this.page.getByTestId('case-save').click();
  }
  rows() {
    return this.page.getByTestId('case-row');
  }
  list() {
    return this.page.getByTestId('case-list');
  }
  search(text: string) {
    return this.page.getByTestId('case-search').fill(text);
  }
}
