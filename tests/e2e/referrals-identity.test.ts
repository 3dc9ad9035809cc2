/**
 * The survivor's legal identity in the referral composer, in Chromium against two real browser
 * hosts and a relay on 127.0.0.1 (network set-up through IPC: tests/e2e/referrals-setup.ts).
 * Opening the composer does not read her identity: none of it reaches the page (not in the DOM,
 * not in any IPC answer the page received) and the case's audit log gets no 'revealed' entry;
 * the Identity choice only says whether one is recorded. Ticking Identity reads it — one audited
 * reveal — and the preview shows it; unticking takes it out of the page again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { CaseloadPage } from './pages/case-file-pages';
import { ComposerPage } from './pages/referrals';
import { hostCall, LYON, startTwoOrganisations, type Call, type TwoOrganisations } from './referrals-setup';

const LEGAL_NAME = 'Zhou Marker-Legalname 4711';
const PHONE = '+32 470 99 88 77';

describe('referral composer: her legal identity only once Identity is ticked (Chromium)', () => {
  let orgs: TwoOrganisations | undefined;
  let coord: Page;
  let call: Call;
  /** Every IPC answer the coordinator's page received, as text. */
  const answers: Array<{ channel: string; text: string }> = [];

  beforeAll(async () => {
    orgs = await startTwoOrganisations({ tmpPrefix: 'anxin-e2e-rfid-', stage: 'network' });
    coord = orgs.coord;
    call = hostCall(coord);
    coord.on('response', (res) => {
      const url = new URL(res.url());
      if (!url.pathname.startsWith('/ipc/')) return;
      const channel = decodeURIComponent(url.pathname.slice('/ipc/'.length));
      res.text().then(
        (text) => void answers.push({ channel, text }),
        () => undefined
      );
    });
  });

  afterAll(async () => {
    await orgs?.stop();
  });

  const revealedCount = async (caseId: string) =>
    (await call<Array<{ action: string }>>('audit:list', { caseId })).filter((e) => e.action === 'revealed').length;
  const prepareAnswers = () => answers.filter((a) => a.channel === 'referrals:prepare');

  it('opening the composer shows and reads no identity; ticking Identity reveals it (audited) into the preview; unticking removes it', async () => {
    await coord.getByTestId('nav-cases').click();
    await new CaseloadPage(coord).createCase({ pseudonym: 'Yun', summary: 'Needs a shelter place (e2e identity).', languages: ['mandarin'] });
    const caseId = (await call<Array<{ id: string; pseudonym: string }>>('cases:list', {})).find((c) => c.pseudonym === 'Yun')!.id;
    const composer = new ComposerPage(coord);

    // No identity recorded yet: the choice says so.
    await composer.start();
    await composer.chooseOrganisation(LYON.name);
    expect(await composer.fieldChoice('identity').innerText()).toContain('nothing recorded');
    await composer.cancel();

    // Recorded (not shown anywhere), then the composer again.
    await call('cases:setIdentity', { id: caseId, baseRevision: 0, identity: { legalName: LEGAL_NAME, phone: PHONE } });
    await coord.getByTestId('nav-cases').click();
    await coord.getByTestId('case-row').filter({ hasText: 'Yun' }).click();
    answers.length = 0;
    await composer.start();
    await composer.chooseOrganisation(LYON.name);
    await expect.poll(() => prepareAnswers().length).toBe(1);
    expect(await composer.fieldChoice('identity').innerText()).not.toContain('nothing recorded');
    expect(await coord.getByTestId('compose-field-identity').isChecked()).toBe(false);
    expect(await composer.preview().innerText()).not.toContain(LEGAL_NAME);
    expect(await coord.content()).not.toContain(LEGAL_NAME);
    expect(await coord.content()).not.toContain(PHONE);
    expect(answers.filter((a) => a.text.includes(LEGAL_NAME) || a.text.includes(PHONE)).map((a) => a.channel)).toEqual([]);
    expect(await revealedCount(caseId)).toBe(0);

    // Ticked: read once (audited), shown in the preview of what will be sent.
    await composer.setField('identity', true);
    await expect.poll(() => composer.preview().innerText()).toContain(LEGAL_NAME);
    expect(await composer.preview().innerText()).toContain(PHONE);
    expect(await revealedCount(caseId)).toBe(1);
    // Answers are recorded when their body was read, a little after the page used them.
    await expect.poll(() => prepareAnswers().filter((a) => a.text.includes(LEGAL_NAME)).length).toBe(1);

    // Unticked: out of the preview and out of the page; nothing more is read.
    await composer.setField('identity', false);
    await expect.poll(() => composer.preview().innerText()).not.toContain(LEGAL_NAME);
    expect(await coord.content()).not.toContain(LEGAL_NAME);
    expect(await revealedCount(caseId)).toBe(1);
    expect(prepareAnswers()).toHaveLength(2);
  });
});
