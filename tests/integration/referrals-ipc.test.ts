// Referrals through the real IPC path (createAnxinMain → dispatch) on the receiving side: the
// receiving organisation is set up, joins the network, receives, accepts and prints the letter
// only through channels; the sending organisation is a session on the same relay on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnxinMain, type AnxinMain } from '../../main/app';
import { KDF_FLOOR, initCrypto } from '../../main/services/crypto';
import type { EventName } from '../../shared/ipc/contract';
import type { Result } from '../../shared/result';
import type { ReferralDetail, ReferralSummary } from '../../shared/domain/referrals/schemas';
import { makeTempDir } from '../helpers/temp-dir';
import { closeSession, demoProfile, openOrganisation } from './network-fixtures';
import { startTestRelay, type TestRelay } from './sync-fixtures';

function value<T>(r: Result<unknown>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.value as T;
}
const codeOf = (r: Result<unknown>) => (r.ok ? 'ok' : r.error.code);

let relay: TestRelay;
beforeAll(async () => {
  await initCrypto();
  relay = await startTestRelay();
});
afterAll(async () => {
  await relay.stop();
});

describe('referrals over IPC', () => {
  it('refuses clearly before the organisation is ready, then receives, accepts and prints a referral', async () => {
    const tmp = makeTempDir('anxin-ref-ipc-');
    const events: Array<{ event: EventName; payload: unknown }> = [];
    const app: AnxinMain = await createAnxinMain({ dataDir: tmp.dir, shell: 'browser', kdfParams: KDF_FLOOR, emit: (event, payload) => void events.push({ event, payload }) });
    const raw = (channel: string, req: unknown) => app.dispatch(channel as never, req as never) as Promise<Result<unknown>>;
    const call = async <T>(channel: string, req: unknown) => value<T>(await raw(channel, req));
    const sender = await openOrganisation(relay, 'sender');
    try {
      await call('vault:create', { displayName: 'Partner', passphrase: 'correct horse battery staple 安心' });
      expect(await call('referrals:list', {})).toEqual({ sent: [], received: [] });
      expect(codeOf(await raw('referrals:sync', {}))).toBe('network/not-ready');
      expect(codeOf(await raw('referrals:get', { id: 'ab'.repeat(16) }))).toBe('referral/not-found');
      expect(codeOf(await raw('referrals:decline', { id: 'ab'.repeat(16), reason: '' }))).toBe('ipc/invalid-request');

      // The sender coordinates the network; the partner joins it through IPC.
      sender.session.network.setProfile(demoProfile(0));
      const created = await sender.session.network.create('Demo network (fictional)');
      await call('sync:createOrg', { relayUrl: relay.url, label: 'partner desk' });
      await call('network:setProfile', { profile: demoProfile(1) });
      const request = await call<{ text: string; fingerprint: string }>('network:joinRequest', {});
      const { invitation } = await sender.session.network.admit({ text: request.text, fingerprint: request.fingerprint, validUntil: '2099-12-31' });
      await call('network:join', { text: invitation, fingerprint: created.network!.fingerprint });
      await call('network:refresh', {});
      await sender.session.network.refresh();
      const partnerId = value<{ organisationId: string }>(await raw('network:status', {})).organisationId;

      const s = sender.session;
      const c = s.cases.create({ pseudonym: 'Mei', status: 'open', summary: 'needs shelter', languages: ['wenzhou'] });
      s.consents.record(c.id, { scope: 'share-with-organisation', organisationId: partnerId, organisationName: 'partner', givenOn: '2026-11-01', method: 'verbal' });
      const prep = s.referrals.prepare(c.id, partnerId);
      expect(prep.consent.allowed).toBe(true);
      const sent = await s.referrals.send({
        caseId: c.id,
        organisationId: partnerId,
        serviceIndex: 0,
        reference: prep.reference,
        fields: ['languages'],
        attachmentIds: [],
        letter: { zh: '您好，我们转介一位需要庇护的女士。', other: 'Bonjour, nous vous adressons une femme qui a besoin d’un hébergement.', otherLanguage: 'fr' },
        consentOverride: null
      });
      expect(sent.reference).toBe(prep.reference);

      // (The background sync may have fetched it already; either way the event was emitted.)
      await call('referrals:sync', {});
      const list = await call<{ received: ReferralSummary[] }>('referrals:list', {});
      expect(list.received.map((x) => x.id)).toEqual([sent.id]);
      expect(events.some((e) => e.event === 'referrals:changed')).toBe(true);
      const detail = await call<ReferralDetail>('referrals:get', { id: sent.id });
      expect(detail.shared).toEqual({ pseudonym: 'Mei', languages: ['wenzhou'], interpreterNeeded: 'unknown' });
      expect(detail.verification).toBe(s.referrals.get(sent.id).verification);

      const accepted = await call<{ caseId: string; summary: ReferralSummary }>('referrals:accept', { id: sent.id });
      expect(accepted.summary.status).toBe('accepted');
      expect(value<{ pseudonym: string }>(await raw('cases:get', { id: accepted.caseId })).pseudonym).toBe('Mei');
      const pdf = await call<{ filename: string; base64: string }>('referrals:letterPdf', { id: sent.id });
      expect(pdf.filename).toBe(`${prep.reference}.pdf`);
      expect(Buffer.from(pdf.base64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
      await s.referrals.sync();
      expect(s.referrals.get(sent.id).summary.status).toBe('accepted');
      expect(codeOf(await raw('referrals:withdraw', { id: sent.id, reason: 'x' }))).toBe('referral/invalid-state');
    } finally {
      await app.close();
      await closeSession(sender.session);
      sender.tmp.cleanup();
      tmp.cleanup();
    }
  });
});
