/**
 * The referral's audit log in the detail view, in Chromium against two real browser hosts and a
 * relay on 127.0.0.1 (set-up through IPC: tests/e2e/referrals-setup.ts). The partner accepts
 * through the UI, then opens the audit log (collapsed until then) and reads its entries in
 * English, newest first; the coordinator reads hers in Chinese: translated actions, who, the
 * other organisation as detail, and none of what was shared.
 * Set ANXIN_SHOTS_DIR=<dir> to save the section as screenshots (English and Chinese UI).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ReferralSummary } from '../../shared/domain/referrals/schemas';
import { ShellPage } from './pages/case-pages';
import { ipc } from './pages/referrals';
import { BRUSSELS, hostCall, LYON, openReferralFrom, sendReferral, startTwoOrganisations, syncUntil as until, type TwoOrganisations } from './referrals-setup';

const SHOTS = process.env.ANXIN_SHOTS_DIR;
const PSEUDONYM = 'MeiMarker7c1d';

describe('the referral audit log in Chromium (both sides)', () => {
  let orgs: TwoOrganisations | undefined;
  let coord: Page;
  let partner: Page;
  let reference = '';

  beforeAll(async () => {
    // Sent, and delivered to Lyon through the relay.
    orgs = await startTwoOrganisations({ tmpPrefix: 'anxin-e2e-audit-', stage: 'delivered', pseudonym: PSEUDONYM });
    ({ coord, partner } = orgs);
    reference = orgs.sent!.summary.reference;
  }, 120_000);

  afterAll(async () => {
    await orgs?.stop();
  });

  const openDetail = (page: Page, tab: 'sent' | 'received') => openReferralFrom(page, tab, reference);

  async function shoot(page: Page, name: string): Promise<void> {
    if (!SHOTS) return;
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.locator('section.rf-audit-block').screenshot({ path: path.join(SHOTS, `${name}.png`) });
  }

  it('the partner (English): collapsed at first; after Accept it lists Accepted and Referral received, newest first', async () => {
    const detail = await openDetail(partner, 'received');
    await detail.accept();
    await expect.poll(() => detail.status()).toBe('accepted');
    // Collapsed by default: the section is there, its table is not shown.
    await detail.audit().waitFor();
    expect(await partner.getByTestId('referral-audit-table').isVisible()).toBe(false);
    await detail.openAudit();
    const rows = await detail.auditRows();
    expect(rows.map((r) => r.action)).toEqual(['accept', 'received']);
    expect(rows.map((r) => r.cells[3])).toEqual(['Accepted', 'Referral received']);
    for (const r of rows) expect(r.cells[1]).toBe('Sophie');
    // The device as the organisation's device list names it, not its id.
    const devices = await ipc<Array<{ label: string; thisDevice: boolean }>>(partner, 'sync:devices');
    const label = devices.find((x) => x.thisDevice)!.label;
    expect(label).toMatch(/\S/);
    for (const r of rows) expect(r.cells[2]).toBe(label);
    expect(rows[1]!.cells[4]).toBe(`From: ${BRUSSELS.name}`);
    expect(await detail.audit().innerText()).not.toContain(PSEUDONYM);
    await shoot(partner, 'audit-receiver-en');
  });

  it('the coordinator (中文): the acceptance, the override and the sending, translated', async () => {
    await until(
      [hostCall(partner), hostCall(coord)],
      async () => (await hostCall(coord)<{ sent: ReferralSummary[] }>('referrals:list')).sent.some((r) => r.reference === reference && r.status === 'accepted'),
      'the acceptance did not reach the coordinator'
    );
    const detail = await openDetail(coord, 'sent');
    await new ShellPage(coord).setLanguage('zh-CN');
    await detail.openAudit();
    const rows = await detail.auditRows();
    expect(rows.map((r) => r.action)).toEqual(['received-accept', 'consent-override', 'sent']);
    expect(rows.map((r) => r.cells[3])).toEqual(['接收方已接受', '在无同意记录的情况下发送（已填写书面理由）', '已发送转介']);
    for (const r of rows) expect(r.cells[1]).toBe('Marie');
    expect(rows[2]!.cells[4]).toBe(`发往：${LYON.name}`);
    // The override's written reason is in the referral's detail, not in its audit log.
    expect(await detail.audit().innerText()).not.toContain('She asked us by phone');
    await shoot(coord, 'audit-sender-zh-CN');
    if (SHOTS) {
      // The whole detail, to see the section in its place (tall enough for the page to fit).
      await coord.setViewportSize({ width: 1280, height: 2600 });
      await coord.screenshot({ path: path.join(SHOTS, 'detail-sender-zh-CN.png'), fullPage: true });
      await coord.setViewportSize({ width: 1280, height: 800 });
    }
    await new ShellPage(coord).setLanguage('en');
    await shoot(coord, 'audit-sender-en');
  });

  it('a withdrawn referral: the partner’s copy is gone, its audit log still shows, with the deletion', async () => {
    const partnerId = (await hostCall(partner)<{ organisationId: string }>('network:status')).organisationId;
    const second = (await sendReferral(hostCall(coord), partnerId, { pseudonym: PSEUDONYM, senderName: BRUSSELS.name, receiverName: LYON.name })).summary;
    await until([hostCall(coord), hostCall(partner)], async () => (await hostCall(partner)<{ received: ReferralSummary[] }>('referrals:list')).received.some((r) => r.id === second.id), 'the second referral did not arrive');
    await hostCall(coord)('referrals:withdraw', { id: second.id, reason: 'She found help nearer to home (e2e).' });
    await until(
      [hostCall(coord), hostCall(partner)],
      async () => (await hostCall(partner)<{ received: ReferralSummary[] }>('referrals:list')).received.some((r) => r.id === second.id && r.status === 'withdrawn'),
      'the withdrawal did not reach the partner'
    );
    reference = second.reference;
    const detail = await openDetail(partner, 'received');
    await partner.getByTestId('referral-shared-deleted').waitFor();
    await detail.openAudit();
    const rows = await detail.auditRows();
    expect(rows.map((r) => r.action)).toEqual(['withdraw-confirmed', 'deleted-copy', 'received-withdraw', 'received']);
    expect(rows.map((r) => r.cells[3])).toEqual(['Deletion confirmed to the sender', 'Copy deleted here (withdrawn)', 'Withdrawn by the sender', 'Referral received']);
    await shoot(partner, 'audit-receiver-withdrawn-en');
    // No page error or console error on either side (a CSP refusal would show here).
    for (const page of [coord, partner]) expect((page as Page & { problems?: string[] }).problems ?? []).toEqual([]);
  });
});
