/**
 * Admitting an organisation that is already listed, in Chromium against two real browser hosts
 * and a real relay on 127.0.0.1 (docs/network.md). The network is formed through IPC (the
 * joining path itself is tests/e2e/referrals.test.ts). On the coordinator's Network screen:
 * the member's own new join request (same keys) is a renewal — a neutral note; a request made
 * by someone else under the member's organisation id (other keys) is a replacement — a red
 * blocking warning with both fingerprints, and "Sign and admit" stays disabled until the
 * coordinator ticks that it phoned and compared the NEW fingerprint. Once admitted anyway, the
 * member's Network screen warns that someone else's keys are listed under its name.
 * Screenshots go to /tmp/shots-network-admit/ (or ANXIN_SHOTS_DIR).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import * as crypto from '../../main/services/crypto';
import { makeJoinRequest } from '../../main/services/network/formats';
import { OrganisationProfile, type NetworkStatus } from '../../shared/domain/referrals/schemas';
import { ShellPage } from './pages/case-pages';
import { ipc, NetworkPage } from './pages/referrals';
import { LYON, saveShot, startTwoOrganisations, type TwoOrganisations } from './referrals-setup';

const SHOTS = process.env.ANXIN_SHOTS_DIR ?? '/tmp/shots-network-admit';

describe('admitting an organisation that is already listed (Network screen)', () => {
  let orgs: TwoOrganisations | undefined;
  let coord: Page;
  let member: Page;
  let memberId = '';
  const shot = (page: Page, name: string) => saveShot(page, SHOTS, name);

  async function inspect(text: string): Promise<void> {
    await coord.getByTestId('admit-request-text').fill(text);
    await coord.getByTestId('admit-inspect').click();
    await coord.getByTestId('admit-preview').waitFor();
  }

  beforeAll(async () => {
    await crypto.initCrypto();
    orgs = await startTwoOrganisations({ tmpPrefix: 'anxin-e2e-na-', stage: 'network' });
    ({ coord, partner: member, partnerId: memberId } = orgs);
  });

  afterAll(async () => {
    await orgs?.stop();
  });

  it('the member’s own request again (same keys) is a renewal: a neutral note, no confirmation needed', async () => {
    await new NetworkPage(coord).open();
    const renewal = await ipc<{ text: string; fingerprint: string }>(member, 'network:joinRequest');
    await inspect(renewal.text);
    const note = coord.getByTestId('admit-admission');
    expect(await note.getAttribute('data-admission')).toBe('renewal');
    expect(await note.getAttribute('role')).toBeNull();
    expect(await note.innerText()).toContain(`${LYON.name} is already in the directory with these same keys`);
    expect(await coord.getByTestId('admit-replace-confirm').count()).toBe(0);
    await coord.getByTestId('admit-typed-fingerprint').fill(renewal.fingerprint);
    expect(await coord.getByTestId('admit-confirm').isDisabled()).toBe(false);
    await coord.getByRole('button', { name: 'Cancel' }).click();
  });

  it('someone else’s request under the member’s id is a replacement: red warning, both fingerprints, blocked until the phone check is ticked', async () => {
    const own = await ipc<NetworkStatus>(member, 'network:status');
    // An impostor knows the member's organisation id and has keys of its own.
    const forged = makeJoinRequest({ organisationId: memberId, profile: OrganisationProfile.parse(LYON), sign: crypto.signKeyPair(), box: crypto.boxKeyPair(), createdAt: new Date().toISOString() });
    await inspect(forged);
    const warning = coord.getByTestId('admit-admission');
    expect(await warning.getAttribute('data-admission')).toBe('replacement');
    expect(await warning.getAttribute('role')).toBe('alert');
    expect(await warning.innerText()).toContain(`${LYON.name} is already in the directory with OTHER keys`);
    const listed = await coord.getByTestId('admit-listed-fingerprint').getAttribute('data-value');
    const fresh = (await coord.getByTestId('admit-new-fingerprint').getAttribute('data-value')) ?? '';
    expect(listed).toBe(own.fingerprint);
    expect(fresh).not.toBe(own.fingerprint);
    expect(fresh).toBe(await coord.getByTestId('admit-request-fingerprint').getAttribute('data-value'));

    await coord.getByTestId('admit-typed-fingerprint').fill(fresh);
    expect(await coord.getByTestId('admit-confirm').isDisabled()).toBe(true);
    await shot(coord, 'admit-replacement-en');
    await new ShellPage(coord).setLanguage('zh-CN');
    await expect.poll(() => warning.innerText()).toContain('已以其他密钥列入名录');
    await shot(coord, 'admit-replacement-zh');
    await new ShellPage(coord).setLanguage('en');

    await coord.getByTestId('admit-replace-confirm').check();
    expect(await coord.getByTestId('admit-confirm').isDisabled()).toBe(false);
    await coord.getByTestId('admit-confirm').click();
    await coord.getByTestId('admit-result').waitFor();
    const listedNow = coord.locator(`[data-testid="network-org"][data-name="${LYON.name}"]`);
    await expect.poll(async () => (await listedNow.innerText()).replace(/\s+/g, '')).toContain(fresh.replace(/\s+/g, ''));
  });

  it('the member’s Network screen warns that someone else’s keys are listed under its name', async () => {
    const network = new NetworkPage(member);
    await network.open();
    // The status is read (the screen shows before it is), and says nothing of a mismatch yet.
    await member.getByTestId('network-status').waitFor();
    expect(await member.getByTestId('own-entry-mismatch').count()).toBe(0);
    await network.refresh();
    const alert = member.getByTestId('own-entry-mismatch');
    await alert.waitFor();
    expect(await alert.getAttribute('role')).toBe('alert');
    expect(await alert.innerText()).toContain('Call the network coordinator');
    await shot(member, 'member-mismatch-en');
    expect((coord as Page & { problems?: string[] }).problems ?? []).toEqual([]);
  });
});
