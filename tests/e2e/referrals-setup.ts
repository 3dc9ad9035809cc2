/**
 * Set-up for tests that need a referral to exist but do not test how it came about (the
 * coordinator's path through the Network screen and the composer is tests/e2e/referrals.test.ts):
 * two organisations on one relay form a network and one sends the other a referral, all through
 * each side's IPC. `Call` is the channel call of either shell: the browser host's IPC endpoint
 * (hostCall) or, in tests/electron, `window.anxin`.
 */
import type { Page } from 'playwright-core';
import { composeLetter, findBuiltInTemplate } from '../../shared/domain/referrals/letter';
import type { Letter, NetworkOrganisation, NetworkStatus, OrganisationProfileInput, ReferralSummary } from '../../shared/domain/referrals/schemas';
import { ipc } from './pages/referrals';
import { CreateVaultPage, RecoveryKeyPage } from './pages/vault-pages';

export type Call = <T = unknown>(channel: string, body?: unknown) => Promise<T>;

/** Channels of a browser host, from inside its page (with the per-run secret). */
export const hostCall =
  (page: Page): Call =>
  <T,>(channel: string, body: unknown = {}) =>
    ipc<T>(page, channel, body);

export const BRUSSELS: OrganisationProfileInput = {
  name: 'Lotus Harbour Brussels (demo)',
  country: 'BE',
  city: 'Brussels',
  demo: true,
  services: [{ type: 'shelter', name: 'Lotus Harbour shelter (demo)', city: 'Brussels', languages: ['mandarin', 'french', 'dutch'], acceptsReferrals: true }]
};
export const LYON: OrganisationProfileInput = {
  name: 'Quince Legal Aid Lyon (demo)',
  country: 'FR',
  city: 'Lyon',
  demo: true,
  services: [
    { type: 'hotline', name: 'Quince hotline (demo)', city: 'Lyon', languages: ['mandarin', 'cantonese'], acceptsReferrals: false },
    { type: 'legal-aid', name: 'Quince legal aid desk (demo)', city: 'Lyon', languages: ['mandarin', 'french'], acceptsReferrals: true }
  ]
};

/** A new vault through the UI, recovery key confirmed, at the caseload. */
export async function createVault(page: Page, name: string, passphrase: string): Promise<void> {
  await new CreateVaultPage(page).create(name, passphrase);
  const recovery = new RecoveryKeyPage(page);
  const key = await recovery.readKey();
  await recovery.written();
  await recovery.confirm(key);
  await page.getByTestId('case-new').waitFor();
}

/**
 * Both become organisations on the relay with their profiles; the first creates a network and
 * admits the second, which joins. Returns the second's organisation id.
 */
export async function formNetwork(
  coordinator: Call,
  partner: Call,
  relayUrl: string,
  profiles: { coordinator: OrganisationProfileInput; partner: OrganisationProfileInput } = { coordinator: BRUSSELS, partner: LYON }
): Promise<string> {
  await coordinator('sync:createOrg', { relayUrl, label: 'coordinator desk' });
  await partner('sync:createOrg', { relayUrl, label: 'partner desk' });
  await coordinator('network:setProfile', { profile: profiles.coordinator });
  await partner('network:setProfile', { profile: profiles.partner });
  const created = await coordinator<NetworkStatus>('network:create', { name: 'Demo network (fictional)' });
  const request = await partner<{ text: string; fingerprint: string }>('network:joinRequest', {});
  const { invitation } = await coordinator<{ invitation: string }>('network:admit', { text: request.text, fingerprint: request.fingerprint, validUntil: '2099-12-31' });
  await partner('network:join', { text: invitation, fingerprint: created.network!.fingerprint });
  await partner('network:refresh', {});
  await coordinator('network:refresh', {});
  const status = await partner<NetworkStatus>('network:status', {});
  return status.organisationId!;
}

export type SentReferral = { summary: ReferralSummary; letter: Letter };

/**
 * A case and a referral of it to `partnerId`'s first service that accepts referrals, with the
 * built-in legal-aid letter (Chinese + French), sent under an audited override (no consent record).
 */
export async function sendReferral(coordinator: Call, partnerId: string, opts: { pseudonym: string; senderName: string; receiverName: string }): Promise<SentReferral> {
  const created = await coordinator<{ id: string }>('cases:create', { fields: { pseudonym: opts.pseudonym, status: 'open', summary: 'Needs legal advice (e2e).', languages: ['mandarin'] } });
  const prep = await coordinator<{ reference: string; receiver: NetworkOrganisation }>('referrals:prepare', { caseId: created.id, organisationId: partnerId });
  const serviceIndex = prep.receiver.profile.services.findIndex((s) => s.acceptsReferrals);
  const service = prep.receiver.profile.services[serviceIndex]!;
  const letter = composeLetter(findBuiltInTemplate('builtin:legal-aid')!, 'fr', {
    receiverName: opts.receiverName,
    serviceName: service.name,
    senderName: opts.senderName,
    senderContact: 'Marie, +32 2 000 00 00',
    pseudonym: opts.pseudonym,
    languages: ['mandarin'],
    fields: ['languages'],
    attachments: 0,
    consent: 'override',
    reference: prep.reference,
    date: new Date().toISOString().slice(0, 10)
  });
  const summary = await coordinator<ReferralSummary>('referrals:send', {
    caseId: created.id,
    organisationId: partnerId,
    serviceIndex,
    reference: prep.reference,
    fields: ['languages'],
    attachmentIds: [],
    letter,
    consentOverride: 'She asked us by phone to refer her today (e2e set-up).'
  });
  return { summary, letter };
}
