/**
 * The referral's audit log in the detail view, in Chromium against two real browser hosts and a
 * relay on 127.0.0.1 (set-up through IPC: tests/e2e/referrals-setup.ts). The partner accepts
 * through the UI, then opens the audit log (collapsed until then) and reads its entries in
 * English, newest first; the coordinator reads hers in Chinese: translated actions, who, the
 * other organisation as detail, and none of what was shared; devices are named by their labels.
 * Last, a stranger organisation on the relay drops a message that is no referral into Lyon's
 * mailbox: the board lists it under "Messages refused", with the error, in English and Chinese.
 * Set ANXIN_SHOTS_DIR=<dir> to save the section as screenshots (English and Chinese UI).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ReferralSummary } from '../../shared/domain/referrals/schemas';
import { createOrgBody, newDevice, newOrg, randomHex, RelayClient } from '../../relay/dev-client';
import { envelopesPath, paddedPayloadLength, REFERRALS_MAILBOX } from '../../shared/relay/protocol';
import { ShellPage } from './pages/case-pages';
import { ipc, ReferralsBoardPage } from './pages/referrals';
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

  /** A screenshot of the audit section (or of the element with `testId`) when ANXIN_SHOTS_DIR is set. */
  async function shoot(page: Page, name: string, testId?: string): Promise<void> {
    if (!SHOTS) return;
    fs.mkdirSync(SHOTS, { recursive: true });
    await (testId ? page.getByTestId(testId) : page.locator('section.rf-audit-block')).screenshot({ path: path.join(SHOTS, `${name}.png`) });
  }

  it('the partner (English): collapsed at first; after Accept it lists Accepted and Referral received, newest first', async () => {
    const detail = await openDetail(partner, 'received');
    await detail.accept();
    await expect.poll(() => detail.status()).toBe('accepted');
    // Collapsed by default: the section is there, its table is not shown.
    await detail.audit().waitFor();
    expect(await detail.audit().getAttribute('open')).toBeNull();
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

  it('a message that is no referral, dropped into Lyon’s mailbox by a stranger organisation, is listed under the board as refused (English and Chinese)', async () => {
    const partnerId = (await hostCall(partner)<{ organisationId: string }>('network:status')).organisationId;
    // Any organisation registered on the relay may write to another's referrals mailbox.
    const stranger = newOrg();
    const device = newDevice(stranger.orgId);
    const client = new RelayClient(orgs!.relay.url, device);
    expect((await client.request('POST', '/v1/orgs', createOrgBody(stranger, device))).status).toBe(201);
    const junk = { v: 1, id: randomHex(16), payload: randomBytes(paddedPayloadLength(2000)!).toString('base64') };
    expect((await client.request('POST', envelopesPath(partnerId, REFERRALS_MAILBOX), { v: 1, envelopes: [junk] })).status).toBeLessThan(300);

    const board = new ReferralsBoardPage(partner);
    await board.open();
    await board.syncNow();
    const refused = partner.getByTestId('referrals-refused');
    await expect.poll(async () => ((await refused.count()) ? refused.locator('summary').innerText() : '')).toBe('Messages refused (1)');
    await refused.locator('summary').click();
    const row = refused.getByTestId('referrals-refused-row');
    expect(await row.getAttribute('data-code')).toBe('referral/tampered');
    expect(await row.innerText()).toContain('referral/tampered');
    const label = (await ipc<Array<{ label: string; thisDevice: boolean }>>(partner, 'sync:devices')).find((x) => x.thisDevice)!.label;
    expect(await row.getByTestId('referral-audit-device').innerText()).toBe(label);
    // The held referrals' own refusals are not repeated here, and the coordinator has none.
    expect(await refused.getByTestId('referrals-refused-row').count()).toBe(1);
    expect(await ipc<unknown[]>(coord, 'referrals:refused')).toEqual([]);
    await shoot(partner, 'refused-messages-en', 'referrals-board');

    await new ShellPage(partner).setLanguage('zh-CN');
    await expect.poll(() => refused.locator('summary').innerText()).toBe('被拒收的消息（1）');
    await shoot(partner, 'refused-messages-zh', 'referrals-board');
    await new ShellPage(partner).setLanguage('en');
  });
});
