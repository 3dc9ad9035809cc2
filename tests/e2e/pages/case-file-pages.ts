/** Page objects for the case file page, the caseload views and the quick exit. */
import type { Page } from 'playwright-core';

export type ProfileInput = {
  pseudonym: string;
  summary: string;
  languages?: string[];
  country?: string;
  city?: string;
  worker?: string;
  safeToCall?: 'yes' | 'no' | 'unknown';
  safeToText?: 'yes' | 'no' | 'unknown';
  codeWord?: string;
  mustNotKnow?: string;
  dependants?: string[];
};

export class CaseloadPage {
  constructor(private readonly page: Page) {}
  newCase() {
    return this.page.getByTestId('case-new').click();
  }
  async createCase(p: ProfileInput): Promise<void> {
    await this.newCase();
    await new ProfileForm(this.page).fill(p);
    await this.page.getByTestId('case-save').click();
    await this.page.getByTestId('case-file-title').filter({ hasText: p.pseudonym }).waitFor();
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
  view(name: 'list' | 'board' | 'due') {
    return this.page.getByTestId(`caseload-view-${name}`).click();
  }
}

export class ProfileForm {
  constructor(private readonly page: Page) {}
  async fill(p: ProfileInput): Promise<void> {
    const g = (id: string) => this.page.getByTestId(id);
    await g('case-pseudonym').fill(p.pseudonym);
    await g('case-summary').fill(p.summary);
    for (const l of p.languages ?? []) await g(`case-language-${l}`).check();
    if (p.country) await g('case-country').fill(p.country);
    if (p.city) await g('case-city').fill(p.city);
    if (p.worker) await g('case-worker').fill(p.worker);
    if (p.safeToCall) await g('case-safe-call').selectOption(p.safeToCall);
    if (p.safeToText) await g('case-safe-text').selectOption(p.safeToText);
    if (p.codeWord) await g('case-code-word').fill(p.codeWord);
    if (p.mustNotKnow) await g('case-must-not-know').fill(p.mustNotKnow);
    for (const [i, label] of (p.dependants ?? []).entries()) {
      await g('case-dependant-add').click();
      await g('case-dependant-label').nth(i).fill(label);
    }
  }
}

export class CaseFilePage {
  constructor(private readonly page: Page) {}
  private g(id: string) {
    return this.page.getByTestId(id);
  }
  title() {
    return this.g('case-file-title');
  }
  status() {
    return this.g('case-file-status');
  }
  contactSafety() {
    return this.g('contact-safety');
  }

  async revealIdentity(): Promise<void> {
    await this.g('identity-reveal').click();
    await this.g('identity-values').waitFor();
  }
  async setLegalName(name: string): Promise<void> {
    await this.g('identity-edit').click();
    await this.g('identity-legalName').fill(name);
    await this.g('identity-save').click();
    await this.g('identity-values').filter({ hasText: name }).waitFor();
  }
  identityValues() {
    return this.g('identity-values');
  }

  async addIncident(i: { date: string; place: string; forms: string[]; description: string }): Promise<void> {
    await this.g('incident-add').click();
    await this.g('incident-date').fill(i.date);
    await this.g('incident-place').fill(i.place);
    for (const f of i.forms) await this.g(`incident-form-${f}`).check();
    await this.g('incident-description').fill(i.description);
    await this.g('incident-save').click();
    await this.g('incident-form').waitFor({ state: 'detached' });
  }
  incidents() {
    return this.g('incident');
  }

  async addConsent(scope: string, method = 'verbal-via-interpreter'): Promise<void> {
    await this.g('consent-add').click();
    await this.g('consent-scope').selectOption(scope);
    await this.g('consent-method').selectOption(method);
    await this.g('consent-save').click();
    await this.g('consent-form').waitFor({ state: 'detached' });
  }
  consents() {
    return this.g('consent');
  }

  async startRiskAssessment(): Promise<void> {
    await this.g('risk-new').click();
    await this.g('risk-form').waitFor();
  }
  answerRisk(questionId: string, answer: 'yes' | 'no' | 'unknown') {
    return this.g(`risk-${questionId}-${answer}`).check();
  }
  riskPreview() {
    return this.g('risk-preview');
  }
  async saveRisk(): Promise<void> {
    await this.g('risk-save').click();
    await this.g('risk-result').waitFor();
  }
  safetyPlanPrompt() {
    return this.g('safety-plan-prompt');
  }
  goToSafetyPlan() {
    return this.g('safety-plan-go').first().click();
  }
  safetyPlanField(name: string) {
    return this.g(`sp-${name}`);
  }
  autosaveState() {
    return this.g('safety-plan-form').getByTestId('autosave-state');
  }

  async addTask(t: { title: string; owner: string; due: string }): Promise<void> {
    await this.g('task-add').click();
    await this.g('task-title').fill(t.title);
    await this.g('task-owner').fill(t.owner);
    await this.g('task-due').fill(t.due);
    await this.g('task-save').click();
    await this.g('task-form').waitFor({ state: 'detached' });
  }
  tasks() {
    return this.g('task-row');
  }

  async importAttachment(file: { name: string; mimeType: string; buffer: Buffer }, category = 'injury-photo'): Promise<void> {
    await this.g('attachment-category').selectOption(category);
    const before = await this.attachments().count();
    await this.g('attachment-file').setInputFiles(file);
    await this.page.waitForFunction((n) => document.querySelectorAll('[data-testid="attachment"]').length > n, before);
  }
  attachments() {
    return this.g('attachment');
  }
  previewAttachment(name: string) {
    return this.attachments().filter({ hasText: name }).getByTestId('attachment-preview').click();
  }

  async close(reason: string | null, note = ''): Promise<void> {
    await this.g('case-close').click();
    if (reason) await this.g('close-reason').selectOption(reason);
    if (note) await this.g('close-note').fill(note);
    await this.g('close-confirm').click();
  }
  reopen() {
    return this.g('case-reopen').click();
  }
  async startDelete(): Promise<void> {
    await this.g('case-delete').click();
    await this.g('delete-form').waitFor();
  }
  deleteConfirm() {
    return this.g('delete-confirm');
  }
  typeDeleteCode(code: string) {
    return this.g('delete-code').fill(code);
  }
  async caseCode(): Promise<string> {
    return (await this.page.locator('.cf-code').innerText()).match(/AX-[0-9A-Z]{6}/)![0];
  }
  timelineEntries() {
    return this.g('timeline-entry');
  }
  filterTimeline(kind: string) {
    return this.g(`timeline-kind-${kind}`).click();
  }
  async auditActions(): Promise<string[]> {
    await this.g('audit-toggle').click();
    const actions = await this.g('audit-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action') ?? ''));
    await this.g('audit-toggle').click();
    return actions;
  }
}

export class QuickExit {
  constructor(private readonly page: Page) {}
  button() {
    return this.page.getByTestId('quick-exit').click();
  }
  shortcut() {
    return this.page.keyboard.press('Shift+Escape');
  }
  blank() {
    return this.page.getByTestId('blank-screen');
  }
}
