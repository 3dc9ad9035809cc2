/** Page objects for referrals (board, composer, detail), the network screen and letter templates. */
import type { Page } from 'playwright-core';

/**
 * Calls the browser host's IPC endpoint from inside the page with the per-run secret, for the
 * set-up steps that are not under test (relay organisations, the partner's joining).
 */
export async function ipc<T = unknown>(page: Page, channel: string, body: unknown = {}): Promise<T> {
  const result = await page.evaluate(
    async ({ channel, body }) => {
      const secret = sessionStorage.getItem('anxin.hostSecret') ?? '';
      const res = await fetch(`/ipc/${channel}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Anxin-Secret': secret }, body: JSON.stringify(body) });
      return (await res.json()) as { ok: boolean; value?: unknown; error?: unknown };
    },
    { channel, body }
  );
  if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

export class ReferralsBoardPage {
  constructor(private readonly page: Page) {}
  /** Opens the status board, and then `tab` when given. */
  async open(tab?: 'sent' | 'received'): Promise<void> {
    await this.page.getByTestId('nav-referrals').click();
    await this.page.getByTestId('subnav-referrals').click();
    await this.page.getByTestId('referrals-board').waitFor();
    if (tab) await this.tab(tab);
  }
  tab(which: 'sent' | 'received') {
    return this.page.getByTestId(`referrals-tab-${which}`).click();
  }
  syncNow() {
    return this.page.getByTestId('referrals-sync').click();
  }
  rows() {
    return this.page.getByTestId('referral-row');
  }
  row(reference: string) {
    return this.page.locator(`[data-testid="referral-row"][data-reference="${reference}"]`);
  }
  async statusOf(reference: string): Promise<string | null> {
    const row = this.row(reference);
    return (await row.count()) === 0 ? null : row.getAttribute('data-status');
  }
  /** "Send and fetch now", then the row's status: for `expect.poll(() => board.statusAfterSync(ref)).toBe(…)`. */
  async statusAfterSync(reference: string): Promise<string | null> {
    await this.syncNow();
    return this.statusOf(reference);
  }
  async openReferral(reference: string): Promise<void> {
    await this.row(reference).getByTestId('referral-open').click();
    await this.page.getByTestId('referral-reference').waitFor();
  }
}

export class ComposerPage {
  constructor(private readonly page: Page) {}
  /** From an open case file. */
  async start(): Promise<void> {
    await this.page.getByTestId('case-refer').click();
    await this.page.getByTestId('referral-composer').waitFor();
  }
  organisation(name: string) {
    return this.page.locator(`[data-testid="compose-org"][data-name="${name}"]`);
  }
  organisationNames() {
    return this.page.getByTestId('compose-org').evaluateAll((els) => els.map((e) => e.getAttribute('data-name') ?? ''));
  }
  async chooseOrganisation(name: string): Promise<void> {
    await this.organisation(name).getByTestId('compose-org-radio').check();
    await this.consent().waitFor();
  }
  consent() {
    return this.page.getByTestId('compose-consent');
  }
  async consentAllowed(): Promise<boolean> {
    return (await this.consent().getAttribute('data-allowed')) === 'true';
  }
  override(reason: string) {
    return this.page.getByTestId('compose-override').fill(reason);
  }
  setField(field: string, on: boolean) {
    return this.page.getByTestId(`compose-field-${field}`).setChecked(on);
  }
  /** The whole choice (checkbox, name, "nothing recorded" and other notes). */
  fieldChoice(field: string) {
    return this.page.locator('label', { has: this.page.getByTestId(`compose-field-${field}`) });
  }
  cancel() {
    return this.page.getByTestId('compose-cancel').click();
  }
  preview() {
    return this.page.getByTestId('compose-preview');
  }
  async chooseTemplate(label: string | { index: number }): Promise<void> {
    await this.page.getByTestId('compose-template').selectOption(typeof label === 'string' ? { label } : { index: label.index });
  }
  language() {
    return this.page.getByTestId('compose-language');
  }
  letterZh() {
    return this.page.getByTestId('compose-letter-zh');
  }
  letterOther() {
    return this.page.getByTestId('compose-letter-other');
  }
  contact(text: string) {
    return this.page.getByTestId('compose-contact').fill(text);
  }
  sendButton() {
    return this.page.getByTestId('compose-send');
  }
  /**
   * Sends to `organisation` with the second template in the list, under an audited override: for
   * steps that need one more referral and do not test the composer itself.
   */
  async sendWithOverride(organisation: string, reason: string): Promise<void> {
    await this.chooseOrganisation(organisation);
    await this.chooseTemplate({ index: 1 });
    await this.override(reason);
    await this.sendButton().click();
  }
  error() {
    return this.page.getByTestId('compose-error');
  }
}

export class ReferralDetailPage {
  constructor(private readonly page: Page) {}
  reference() {
    return this.page.getByTestId('referral-reference').innerText();
  }
  status() {
    return this.page.getByTestId('referral-detail').getAttribute('data-status');
  }
  verification() {
    return this.page.getByTestId('referral-verification').getAttribute('data-value');
  }
  stepKinds() {
    return this.page.getByTestId('referral-step').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind') ?? ''));
  }
  accept() {
    return this.page.getByTestId('referral-accept').click();
  }
  async act(kind: 'decline' | 'request-info' | 'provide-info' | 'progress' | 'close' | 'withdraw', text: string): Promise<void> {
    await this.page.getByTestId(`referral-action-${kind}`).click();
    await this.page.getByTestId('referral-action-text').fill(text);
    await this.page.getByTestId('referral-action-submit').click();
  }
  openCaseLink() {
    return this.page.getByTestId('referral-open-case');
  }
  pdfButton() {
    return this.page.getByTestId('referral-pdf');
  }
  back() {
    return this.page.getByTestId('referral-back').click();
  }
  /** The audit log section (collapsed until opened). */
  audit() {
    return this.page.getByTestId('referral-audit');
  }
  /** Opens the audit log and waits for its entries. */
  async openAudit(): Promise<void> {
    await this.page.getByTestId('referral-audit-toggle').click();
    await this.page.getByTestId('referral-audit-table').waitFor();
  }
  /** The audit rows as shown (newest first): action code and the cells' text. */
  auditRows() {
    return this.page.getByTestId('referral-audit-row').evaluateAll((rows) =>
      rows.map((r) => ({ action: r.getAttribute('data-action') ?? '', cells: [...r.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim()) }))
    );
  }
}

export class NetworkPage {
  constructor(private readonly page: Page) {}
  async open(): Promise<void> {
    await this.page.getByTestId('nav-referrals').click();
    await this.page.getByTestId('subnav-network').click();
    await this.page.getByTestId('network-screen').waitFor();
  }
  organisations() {
    return this.page.getByTestId('network-org');
  }
  refresh() {
    return this.page.getByTestId('network-refresh').click();
  }
}
