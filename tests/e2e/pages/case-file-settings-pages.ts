/** Page objects for the organisation settings of the case files (Settings: retention, risk checklist). */
import type { Page } from 'playwright-core';

export class OrganisationSettingsPage {
  constructor(private readonly page: Page) {}
  private g(id: string) {
    return this.page.getByTestId(id);
  }
  async open(): Promise<void> {
    await this.g('nav-settings').click();
    await this.g('settings-retention').waitFor();
    await this.g('retention-months').waitFor();
    await this.g('checklist-form').waitFor();
  }
  backToCases() {
    return this.g('nav-cases').click();
  }

  retentionMonths() {
    return this.g('retention-months');
  }
  retentionError() {
    return this.page.locator('#retention-invalid');
  }
  retentionSave() {
    return this.g('retention-save');
  }
  async setRetention(months: number): Promise<void> {
    await this.retentionMonths().fill(String(months));
    await this.retentionSave().click();
    await this.g('retention-saved').waitFor();
  }
  retentionSaved() {
    return this.g('retention-saved');
  }

  checklistOrigin() {
    return this.g('checklist-origin');
  }
  weight(questionId: string) {
    return this.g(`checklist-weight-${questionId}`);
  }
  medium() {
    return this.g('checklist-medium');
  }
  high() {
    return this.g('checklist-high');
  }
  orderError() {
    return this.g('checklist-order-error');
  }
  async openTexts(questionId: string): Promise<void> {
    await this.g(`checklist-q-${questionId}`).locator('summary').click();
  }
  text(questionId: string, locale: 'en' | 'zh-CN' | 'fr' | 'nl') {
    return this.g(`checklist-text-${questionId}-${locale}`);
  }
  saveChecklist() {
    return this.g('checklist-save').click();
  }
  checklistSaved() {
    return this.g('checklist-saved');
  }
  async resetChecklist(): Promise<void> {
    await this.g('checklist-reset').click();
    await this.g('checklist-reset-confirm').click();
    await this.checklistSaved().waitFor();
  }
}

/** Deleting records from the case file page (through their edit forms, with a confirmation). */
export class RecordDeletion {
  constructor(private readonly page: Page) {}
  private g(id: string) {
    return this.page.getByTestId(id);
  }
  async deleteIncident(index = 0): Promise<void> {
    await this.g('incident-edit').nth(index).click();
    await this.g('incident-delete').click();
    await this.g('incident-delete-confirm').click();
    await this.g('incident-form').waitFor({ state: 'detached' });
  }
  async deleteTask(title: string): Promise<void> {
    await this.g('task-edit').filter({ hasText: title }).click();
    await this.g('task-delete').click();
    await this.g('task-delete-confirm').click();
    await this.g('task-form').waitFor({ state: 'detached' });
  }
  async startDeleteIncidentThenCancel(): Promise<void> {
    await this.g('incident-edit').first().click();
    await this.g('incident-delete').click();
    await this.page.getByRole('alertdialog').getByRole('button', { name: /cancel/i }).click();
    await this.g('incident-form').getByRole('button', { name: /cancel/i }).last().click();
    await this.g('incident-form').waitFor({ state: 'detached' });
  }
}
