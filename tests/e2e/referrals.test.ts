/**
 * The coordinator's path of a referral, in Chromium against two real browser hosts (two data
 * dirs = two organisations) and a real relay on 127.0.0.1: the Brussels coordinator admits the
 * Lyon legal-aid organisation on the Network screen, opens a case, refers it (consent block →
 * audited override, minimal fields, bilingual letter from a template), sends; Lyon sees it in
 * Received and accepts; Brussels sees Accepted and downloads the letter PDF, checked with
 * pdftotext (Chinese and French text, reference, verification fingerprint).
 * Set-up that is not the path under test (relay organisations, profiles) goes through each
 * host's IPC endpoint with its secret; the partner joins on its own Network screen.
 * Set ANXIN_SHOTS_DIR=<dir> to also save screenshots (English, Chinese, French).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ReferralSummary } from '../../shared/domain/referrals/schemas';
import { startTestRelay } from '../integration/sync-fixtures';
import { CaseloadPage } from './pages/case-file-pages';
import { ShellPage } from './pages/case-pages';
import { ComposerPage, ipc, NetworkPage, ReferralDetailPage, ReferralsBoardPage } from './pages/referrals';
import { LYON, pdfText, saveShot, squash, startTwoOrganisations, type TwoOrganisations } from './referrals-setup';

const SHOTS = process.env.ANXIN_SHOTS_DIR;
const SUMMARY_MARKER = 'Needs a lawyer for the residence permit hearing';
const OWN_TEMPLATE = 'Brussels letter (our wording)';
const TEMPLATE_MARK = 'Référence interne Bruxelles TPL-4242.';
const OVERRIDE = 'She asked us by phone to refer her today; the written consent form follows at her next visit.';

describe('referrals in Chromium: the coordinator’s path (two hosts, one relay)', () => {
  let orgs: TwoOrganisations;
  let coord: Page;
  let partner: Page;
  let reference = '';
  let verification = '';
  let lanReference = '';

  const shot = (page: Page, name: string) => saveShot(page, SHOTS, name);

  beforeAll(async () => {
    // Set-up outside the path under test: two vaults, each host an organisation on the relay with
    // its profile. The network itself is formed below, through the Network screens.
    orgs = await startTwoOrganisations({ tmpPrefix: 'anxin-e2e-rf-', stage: 'organisations' });
    ({ coord, partner } = orgs);
  });

  afterAll(async () => {
    await orgs?.stop();
  });

  it('the coordinator creates the network and admits Lyon, which joins, both on the Network screen', async () => {
    const network = new NetworkPage(coord);
    await network.open();
    await coord.getByTestId('network-create-name').fill('Demo network (fictional)');
    await coord.getByTestId('network-create-submit').click();
    await coord.getByTestId('network-admit').waitFor();
    expect(await coord.getByTestId('network-role').innerText()).toContain('Coordinator');

    // The partner makes its join request on its own Network screen; the text travels to the coordinator,
    // the fingerprint is "read out by phone".
    await new NetworkPage(partner).open();
    await partner.getByTestId('join-request-make').click();
    const request = {
      text: (await partner.getByTestId('join-request-text').inputValue()).trim(),
      fingerprint: (await partner.getByTestId('join-request-fingerprint').getAttribute('data-value')) ?? ''
    };
    expect(request.text).toMatch(/^anxin-join:v1:/);
    await coord.getByTestId('admit-request-text').fill(request.text);
    await coord.getByTestId('admit-inspect').click();
    await coord.getByTestId('admit-preview').waitFor();
    expect(await coord.getByTestId('admit-preview').innerText()).toContain(LYON.name);
    // A wrong digit is refused, translated.
    const wrong = request.fingerprint.replace(/\d$/, (d) => String((Number(d) + 1) % 10));
    await coord.getByTestId('admit-typed-fingerprint').fill(wrong);
    await coord.getByTestId('admit-confirm').click();
    await expect.poll(() => coord.getByTestId('network-error').getAttribute('data-code')).toBe('network/fingerprint-mismatch');
    // Typed without spaces, as people do: the layout is normalised, every digit still compared in main.
    await coord.getByTestId('admit-typed-fingerprint').fill(request.fingerprint.replace(/\s+/g, ''));
    await coord.getByTestId('admit-confirm').click();
    const invitation = (await coord.getByTestId('admit-invitation').inputValue()).trim();
    expect(invitation).toMatch(/^anxin-invite:v1:/);

    // The partner pastes the invitation and types the network fingerprint the coordinator reads out.
    const networkFingerprint = (await coord.getByTestId('network-fingerprint').getAttribute('data-value')) ?? '';
    await partner.getByTestId('invitation-text').fill(invitation);
    await partner.getByTestId('invitation-inspect').click();
    expect(await partner.getByTestId('invitation-preview').innerText()).toContain('Demo network (fictional)');
    expect(await partner.getByTestId('invitation-fingerprint').getAttribute('data-value')).toBe(networkFingerprint);
    await partner.getByTestId('invitation-typed-fingerprint').fill(networkFingerprint);
    await shot(partner, 'network-join-en');
    await partner.getByTestId('join-confirm').click();
    await partner.getByTestId('network-fingerprint').waitFor();
    expect(await partner.getByTestId('network-role').innerText()).toBe('Member');
    await expect.poll(() => new NetworkPage(partner).organisations().count()).toBe(2);

    await network.refresh();
    // The refresh's own outcome (the list had both organisations before it too).
    await coord.getByTestId('network-refresh-result').waitFor();
    expect(await coord.getByTestId('network-refresh-result').innerText()).toMatch(/\b2\b/);
    await expect.poll(() => network.organisations().count()).toBe(2);
    const lyon = coord.locator(`[data-testid="network-org"][data-name="${LYON.name}"]`);
    expect(await lyon.getAttribute('data-pin')).toBe('pinned');
    await shot(coord, 'network-en');
    await new ShellPage(coord).setLanguage('zh-CN');
    await coord.getByTestId('network-screen').filter({ hasText: '网络' }).waitFor();
    await shot(coord, 'network-zh');
    await new ShellPage(coord).setLanguage('en');
  });

  it('copies a built-in letter template and edits it on the Templates screen', async () => {
    await coord.getByTestId('subnav-referral-templates').click();
    await coord.getByTestId('templates-screen').waitFor();
    await expect.poll(() => coord.getByTestId('template-row').count()).toBeGreaterThanOrEqual(2);
    await coord.getByTestId('template-copy').first().click();
    await coord.getByTestId('template-name').fill(OWN_TEMPLATE);
    const fr = coord.getByTestId('template-fr');
    await fr.fill(`${await fr.inputValue()}\n${TEMPLATE_MARK}`);
    await shot(coord, 'template-edit-en');
    await coord.getByTestId('template-save').click();
    await expect.poll(() => coord.locator(`[data-testid="template-row"][data-name="${OWN_TEMPLATE}"]`).count()).toBe(1);
    await shot(coord, 'templates-en');
  });

  it('refers a case to Lyon: consent blocks until an audited reason, minimal fields, bilingual letter from a template', async () => {
    await coord.getByTestId('nav-cases').click();
    await new CaseloadPage(coord).createCase({ pseudonym: 'Mei', summary: `${SUMMARY_MARKER}. Speaks Mandarin only.`, languages: ['mandarin'], country: 'BE', city: 'Brussels' });
    const composer = new ComposerPage(coord);
    await composer.start();
    await expect.poll(() => composer.organisationNames()).toEqual([LYON.name]);
    await composer.chooseOrganisation(LYON.name);

    // No consent to share with Lyon: blocked, Send disabled until a written reason.
    expect(await composer.consentAllowed()).toBe(false);
    expect(await composer.consent().innerText()).toContain('audit');
    // Only the service that accepts referrals is offered.
    expect(await coord.getByTestId('compose-service').locator('option').allInnerTexts()).toEqual([expect.stringContaining('Quince legal aid desk')]);

    // Minimal by default: pseudonym and languages; the summary only once ticked.
    expect(await composer.preview().innerText()).not.toContain(SUMMARY_MARKER);
    await composer.setField('summary', true);
    await expect.poll(() => composer.preview().innerText()).toContain(SUMMARY_MARKER);

    // The letter: French for a receiver in France, both texts filled from the template.
    expect(await composer.language().inputValue()).toBe('fr');
    await composer.chooseTemplate(OWN_TEMPLATE);
    await composer.contact('Marie, +32 2 000 00 00');
    await expect.poll(() => composer.letterZh().inputValue()).toMatch(/[\u4e00-\u9fff]/);
    const zh = await composer.letterZh().inputValue();
    const fr = await composer.letterOther().inputValue();
    expect(zh).not.toContain('{{');
    expect(fr).not.toContain('{{');
    expect(fr).toContain(LYON.name);
    expect(fr).toContain('Mei');
    expect(fr).toContain(TEMPLATE_MARK);
    expect(await composer.sendButton().isDisabled()).toBe(true);
    await shot(coord, 'composer-en');
    await new ShellPage(coord).setLanguage('zh-CN');
    await shot(coord, 'composer-zh');
    await new ShellPage(coord).setLanguage('fr');
    await shot(coord, 'composer-fr');
    await new ShellPage(coord).setLanguage('en');

    await composer.override(OVERRIDE);
    expect(await composer.sendButton().isDisabled()).toBe(false);
    await composer.sendButton().click();

    const board = new ReferralsBoardPage(coord);
    await coord.getByTestId('referrals-board').waitFor();
    await expect.poll(() => board.rows().count()).toBe(1);
    reference = (await board.rows().first().getAttribute('data-reference')) ?? '';
    expect(reference).toMatch(/^RF-\d{4}-[0-9A-Z]{6}$/);
    expect(['sent', 'queued']).toContain(await board.statusOf(reference));
  });

  it('Lyon sees it in Received and accepts it (a linked case opens on its side)', async () => {
    const board = new ReferralsBoardPage(partner);
    await board.open('received');
    await expect.poll(() => board.statusAfterSync(reference)).toBe('received');
    await shot(partner, 'board-received-en');
    await board.openReferral(reference);
    const detail = new ReferralDetailPage(partner);
    await shot(partner, 'detail-received-en');
    expect(await partner.getByTestId('referral-shared').innerText()).toContain(SUMMARY_MARKER);
    // The override reason stays with the sender (its audit); the receiver does not get it.
    expect(await partner.getByTestId('referral-override').count()).toBe(0);
    expect(await partner.getByTestId('referral-letter-zh').innerText()).toMatch(/[\u4e00-\u9fff]/);
    verification = (await detail.verification()) ?? '';
    expect(verification).toMatch(/\d/);
    await detail.accept();
    await expect.poll(() => detail.status()).toBe('accepted');
    await detail.openCaseLink().waitFor();
    await shot(partner, 'detail-accepted-en');
    await detail.openCaseLink().click();
    await partner.getByTestId('case-file-title').filter({ hasText: 'Mei' }).waitFor();
    const cases = await ipc<Array<{ pseudonym: string }>>(partner, 'cases:list');
    expect(cases.map((c) => c.pseudonym)).toEqual(['Mei']);
  });

  it('the coordinator sees Accepted, the same verification fingerprint, and downloads the letter as PDF', async () => {
    const board = new ReferralsBoardPage(coord);
    await board.open();
    await expect.poll(() => board.statusAfterSync(reference)).toBe('accepted');
    await shot(coord, 'board-en');
    await new ShellPage(coord).setLanguage('zh-CN');
    await shot(coord, 'board-zh');
    await new ShellPage(coord).setLanguage('en');
    await board.openReferral(reference);
    const detail = new ReferralDetailPage(coord);
    expect(await detail.verification()).toBe(verification);
    expect(await detail.stepKinds()).toEqual(['referral', 'accept']);
    expect(await coord.getByTestId('referral-override').innerText()).toContain(OVERRIDE);
    await shot(coord, 'detail-en');
    await new ShellPage(coord).setLanguage('zh-CN');
    await shot(coord, 'detail-zh');
    await new ShellPage(coord).setLanguage('en');

    const [download] = await Promise.all([coord.waitForEvent('download'), detail.pdfButton().click()]);
    const file = path.join(orgs.hostA.dataDir, 'letter.pdf');
    await download.saveAs(file);
    const bytes = fs.readFileSync(file);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(file);
    expect(text).toContain(reference);
    expect(text).toMatch(/[\u4e00-\u9fff]{4}/);
    expect(text).toContain(LYON.name);
    expect(text).toMatch(/Madame|Monsieur|orientation/i);
    expect(text).toContain('TPL-4242');
    expect(squash(text)).toContain(squash(verification));
    fs.rmSync(file);

    // What the list says is what main says (not only the DOM).
    const list = await ipc<{ sent: ReferralSummary[] }>(coord, 'referrals:list');
    expect(list.sent.map((r) => [r.reference, r.status])).toEqual([[reference, 'accepted']]);
    expect((coord as Page & { problems?: string[] }).problems ?? []).toEqual([]);
  });

  it('Lyon reports progress and closes the referral; the coordinator sees every signed step', async () => {
    const partnerBoard = new ReferralsBoardPage(partner);
    await partnerBoard.open('received');
    await partnerBoard.openReferral(reference);
    const theirs = new ReferralDetailPage(partner);
    await theirs.act('progress', 'First meeting held with an interpreter; hearing date set.');
    await expect.poll(() => theirs.stepKinds()).toEqual(['referral', 'accept', 'progress']);
    await theirs.act('close', 'Hearing done, permit renewed.');
    await expect.poll(() => theirs.status()).toBe('closed');

    const board = new ReferralsBoardPage(coord);
    await board.open();
    await expect.poll(() => board.statusAfterSync(reference)).toBe('closed');
    await board.openReferral(reference);
    const ours = new ReferralDetailPage(coord);
    expect(await ours.stepKinds()).toEqual(['referral', 'accept', 'progress', 'close']);
    expect(await coord.getByTestId('referral-steps').innerText()).toContain('Hearing done, permit renewed.');
    await ours.back();
  });

  it('Lyon asks a question, the coordinator answers, Lyon declines with a reason', async () => {
    // A second referral of the same case (set-up of this step: the composer path was tested above).
    await coord.getByTestId('nav-cases').click();
    await coord.getByTestId('case-row').filter({ hasText: 'Mei' }).click();
    const composer = new ComposerPage(coord);
    await composer.start();
    await composer.sendWithOverride(LYON.name, OVERRIDE);
    const board = new ReferralsBoardPage(coord);
    await coord.getByTestId('referrals-board').waitFor();
    await expect.poll(() => board.rows().count()).toBe(2);
    const second = (await board.rows().filter({ hasNotText: reference }).getAttribute('data-reference')) ?? '';

    const partnerBoard = new ReferralsBoardPage(partner);
    await partnerBoard.open('received');
    await expect.poll(() => partnerBoard.statusAfterSync(second)).toBe('received');
    await partnerBoard.openReferral(second);
    const theirs = new ReferralDetailPage(partner);
    await theirs.act('request-info', 'Does she need a Cantonese interpreter too?');
    await expect.poll(() => theirs.status()).toBe('info-requested');
    await theirs.back();

    await expect.poll(() => board.statusAfterSync(second)).toBe('info-requested');
    await board.openReferral(second);
    const ours = new ReferralDetailPage(coord);
    expect(await coord.getByTestId('referral-steps').innerText()).toContain('Cantonese interpreter');
    await ours.act('provide-info', 'No, Mandarin is enough.');
    await expect.poll(() => ours.stepKinds()).toEqual(['referral', 'request-info', 'provide-info']);
    await ours.back();

    await expect.poll(() => partnerBoard.statusAfterSync(second)).toBe('received');
    await partnerBoard.openReferral(second);
    await theirs.act('decline', 'No lawyer free before the hearing; try the Paris office.');
    await expect.poll(() => theirs.status()).toBe('declined');

    await expect.poll(() => board.statusAfterSync(second)).toBe('declined');
    await board.openReferral(second);
    expect(await ours.stepKinds()).toEqual(['referral', 'request-info', 'provide-info', 'decline']);
    expect(await coord.getByTestId('referral-steps').innerText()).toContain('try the Paris office');
    await ours.back();
  });

  it('offline: a referral written while the relay is down is queued, then sent by “Send and fetch now”', async () => {
    const { port, dataDir } = orgs.relay;
    await orgs.relay.stop();
    await coord.getByTestId('nav-cases').click();
    await new CaseloadPage(coord).createCase({ pseudonym: 'Lan', summary: 'Second referral, written offline.' });
    const composer = new ComposerPage(coord);
    await composer.start();
    await composer.sendWithOverride(LYON.name, OVERRIDE);
    const board = new ReferralsBoardPage(coord);
    await coord.getByTestId('referrals-board').waitFor();
    await expect.poll(() => board.rows().count()).toBe(3);
    const queued = board.rows().filter({ hasText: 'Lan' });
    expect(await queued.getAttribute('data-status')).toBe('queued');
    expect(await queued.innerText()).toContain('Queued (offline)');
    await shot(coord, 'board-queued-en');

    orgs.relay = await startTestRelay({ port, dataDir });
    const ref = (await queued.getAttribute('data-reference')) ?? '';
    await expect.poll(() => board.statusAfterSync(ref)).toBe('sent');
    lanReference = ref;
  });

  it('the coordinator withdraws it: the partner deletes its copy and the deletion is confirmed', async () => {
    // The partner has received it.
    const partnerBoard = new ReferralsBoardPage(partner);
    await partnerBoard.open('received');
    await expect.poll(() => partnerBoard.statusAfterSync(lanReference)).toBe('received');

    const board = new ReferralsBoardPage(coord);
    await board.openReferral(lanReference);
    const detail = new ReferralDetailPage(coord);
    await detail.act('withdraw', 'She found help closer to home.');
    await expect.poll(() => detail.status()).toBe('withdrawn');
    await detail.back();
    await expect
      .poll(async () => {
        await ipc(partner, 'referrals:sync');
        await board.syncNow();
        await board.openReferral(lanReference);
        const text = await coord.getByTestId('referral-withdraw-state').innerText();
        await detail.back();
        return text;
      })
      .toContain('Deleted at the receiver, confirmed');
    await board.openReferral(lanReference);
    expect(await detail.stepKinds()).toEqual(['referral', 'withdraw', 'withdraw-confirmed']);
    await shot(coord, 'detail-withdrawn-en');

    // On the partner: only the bare line remains, the shared data is gone.
    await expect.poll(() => partnerBoard.statusAfterSync(lanReference)).toBe('withdrawn');
    await partnerBoard.openReferral(lanReference);
    await partner.getByTestId('referral-shared-deleted').waitFor();
    expect(await partner.getByTestId('referral-detail').innerText()).not.toContain('written offline');
  });
});
