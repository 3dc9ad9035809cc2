/**
 * Overdue answers on the status board, in Chromium against two real browser hosts and a real
 * relay on 127.0.0.1. Brussels refers a case to Lyon (set-up through each host's IPC: the
 * composer path is tests/e2e/referrals.test.ts). Then both hosts are restarted with
 * ANXIN_CLOCK_OFFSET_MS = 8 days — past the referral's answer-by date (7 days) and before its
 * expiry (30) — and unlocked: Lyon's Received tab and Brussels' Sent tab show the row
 * highlighted, said in words ("Overdue", also in Chinese), and counted on the tab. Syncing with
 * the relay still works with the shifted clock (the relay client learns the relay's clock).
 * Lyon's one device shows that it receives the referrals, with its history. Last, 16 days on
 * with the relay down, Lyon's composer says the directory it chooses from is stale (verified 8
 * days on), and its Refresh verifies it again once the relay is back.
 * Screenshots of both boards go to /tmp/shots-overdue/ (or ANXIN_SHOTS_DIR).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ReferralSummary } from '../../shared/domain/referrals/schemas';
import { startTestRelay } from '../integration/sync-fixtures';
import { CaseloadPage } from './pages/case-file-pages';
import { ShellPage } from './pages/case-pages';
import { ComposerPage, ipc, ReferralsBoardPage } from './pages/referrals';
import { BRUSSELS, saveShot, startTwoOrganisations, type TwoOrganisations } from './referrals-setup';


const SHOTS = process.env.ANXIN_SHOTS_DIR ?? '/tmp/shots-overdue';
const EIGHT_DAYS = { ANXIN_CLOCK_OFFSET_MS: String(8 * 86_400_000) };

describe('overdue referrals on the status board (clock moved 8 days on)', () => {
  let orgs: TwoOrganisations | undefined;
  let coord: Page;
  let partner: Page;
  let reference = '';
  const shot = (page: Page, name: string) => saveShot(page, SHOTS, name);

  beforeAll(async () => {
    orgs = await startTwoOrganisations({ tmpPrefix: 'anxin-e2e-od-', stage: 'referral' });
    ({ coord, partner } = orgs);
    reference = orgs.sent!.summary.reference;
  });

  afterAll(async () => {
    await orgs?.stop();
  });

  it('today, the received referral is not overdue', async () => {
    await expect
      .poll(async () => {
        await ipc(partner, 'referrals:sync');
        const list = await ipc<{ received: ReferralSummary[] }>(partner, 'referrals:list');
        return list.received.find((r) => r.reference === reference)?.status ?? null;
      })
      .toBe('received');
    const board = new ReferralsBoardPage(partner);
    await board.open('received');
    const row = board.row(reference);
    await row.waitFor();
    expect(await row.getAttribute('class')).not.toContain('is-overdue');
    expect(await row.getByTestId('referral-overdue').count()).toBe(0);
    expect(await partner.getByTestId('referrals-tab-received').innerText()).not.toContain('overdue');
    // This (only) device of Lyon receives the referrals; the change history names its start.
    const inbox = partner.getByTestId('referrals-inbox');
    await expect.poll(() => inbox.getAttribute('data-state')).toBe('here');
    expect(await inbox.locator('p').first().innerText()).toMatch(/^Referrals for your organisation are received on this device — last fetched /);
    const history = partner.getByTestId('referrals-handovers');
    expect(await history.locator('summary').innerText()).toBe('Changes of receiving device (1)');
    await history.locator('summary').click();
    const entry = history.getByTestId('referrals-handover');
    expect(await entry.getAttribute('data-reason')).toBe('first');
    expect(await entry.innerText()).toMatch(/ started receiving referrals \(.+\)\.$/);
    await shot(partner, 'received-inbox-history-en');
  });

  it('eight days on, Lyon’s Received tab shows it overdue (English and Chinese), and syncing with the relay still works', async () => {
    partner = await orgs!.restart('partner', EIGHT_DAYS);
    const summary = (await ipc<{ received: ReferralSummary[] }>(partner, 'referrals:list')).received.find((r) => r.reference === reference)!;
    expect(summary).toMatchObject({ status: 'received', overdue: true });

    const board = new ReferralsBoardPage(partner);
    await board.open('received');
    const row = board.row(reference);
    await row.waitFor();
    expect(await row.getAttribute('class')).toContain('is-overdue');
    expect((await row.getByTestId('referral-overdue').innerText()).trim()).toBe('Overdue');
    expect(await row.locator('.rf-answer-overdue').count()).toBe(1);
    expect(await partner.getByTestId('referrals-tab-received').locator('.rf-tab-overdue').innerText()).toBe('1 overdue');

    // The relay checks request times against its own clock: the shifted host still reads its
    // mailboxes (signed requests; a refusal would throw here).
    expect((await ipc<{ organisations: number }>(partner, 'network:refresh')).organisations).toBe(2);
    const synced = await ipc<{ sent: number; received: number; refused: number }>(partner, 'referrals:sync');
    expect(synced.refused).toBe(0);
    await board.syncNow();
    await partner.getByTestId('referrals-sync-result').waitFor();
    expect(await partner.getByTestId('referrals-error').count()).toBe(0);
    await shot(partner, 'received-overdue-en');

    await new ShellPage(partner).setLanguage('zh-CN');
    await expect.poll(async () => (await row.getByTestId('referral-overdue').innerText()).trim()).toBe('已逾期');
    expect(await partner.getByTestId('referrals-tab-received').locator('.rf-tab-overdue').innerText()).toBe('1 份逾期');
    await shot(partner, 'received-overdue-zh');
    await new ShellPage(partner).setLanguage('en');
    expect((partner as Page & { problems?: string[] }).problems ?? []).toEqual([]);
  });

  it('eight days on, Brussels’ Sent tab shows it overdue too', async () => {
    coord = await orgs!.restart('coord', EIGHT_DAYS);
    const board = new ReferralsBoardPage(coord);
    await board.open('sent');
    const row = board.row(reference);
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('sent');
    expect(await row.getAttribute('class')).toContain('is-overdue');
    expect((await row.getByTestId('referral-overdue').innerText()).trim()).toBe('Overdue');
    expect(await coord.getByTestId('referrals-tab-sent').locator('.rf-tab-overdue').innerText()).toBe('1 overdue');
    await board.syncNow();
    await coord.getByTestId('referrals-sync-result').waitFor();
    await shot(coord, 'sent-overdue-en');
    expect((coord as Page & { problems?: string[] }).problems ?? []).toEqual([]);
  });

  it('sixteen days on with the relay down, Lyon’s composer says its directory is stale; once the relay is back, Refresh verifies it again', async () => {
    const { port, dataDir } = orgs!.relay;
    await orgs!.relay.stop();
    // Lyon last verified the directory 8 days on (above): 16 days on, that is 8 days old.
    partner = await orgs!.restart('partner', { ANXIN_CLOCK_OFFSET_MS: String(16 * 86_400_000) });
    await new CaseloadPage(partner).createCase({ pseudonym: 'Yun', summary: 'Needs legal advice.' });
    const composer = new ComposerPage(partner);
    await composer.start();
    const stale = partner.getByTestId('compose-directory-stale');
    await stale.waitFor();
    expect(await stale.innerText()).toMatch(/^The network directory was last verified .+, more than 7 days ago: /);
    // The organisations are still listed (the warning does not block: the coordinator may be unreachable too).
    expect(await composer.organisationNames()).toContain(BRUSSELS.name);
    await shot(partner, 'composer-directory-stale-en');

    // Relay still down: refreshing says so, and the warning stays.
    await partner.getByTestId('compose-directory-refresh').click();
    await partner.getByTestId('compose-error').waitFor();
    expect(await stale.count()).toBe(1);

    orgs!.relay = await startTestRelay({ port, dataDir });
    await partner.getByTestId('compose-directory-refresh').click();
    await expect.poll(() => stale.count()).toBe(0);
    expect(await partner.getByTestId('compose-error').count()).toBe(0);
    expect(await composer.organisationNames()).toContain(BRUSSELS.name);
  });
});
