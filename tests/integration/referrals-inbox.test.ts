// Which device of an organisation receives its referrals (docs/referrals.md "Several devices of
// one organisation"): two devices of one organisation linked through a real relay on 127.0.0.1
// (sync-fixtures' link), another organisation of the network sending, one injected clock for all.
// The handler notes its last fetch (at most once an hour); another device may take over only
// once the handler has not fetched for 24 hours; the old handler then stops reading, and what
// arrives is applied once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as crypto from '../../main/services/crypto';
import type { UnlockedSession } from '../../main/services/unlocked-session';
import { openUnlockedSession } from '../../main/services/unlocked-session';
import { makeTempDir } from '../helpers/temp-dir';
import { Cleanups, closeSession, codeOf, failure, type NetworkParty } from './network-fixtures';
import { readerLeasePath, REFERRALS_MAILBOX } from '../../shared/relay/protocol';
import { link, startTestRelay, type Device, type TestRelay } from './sync-fixtures';

const HOUR = 3_600_000;

let relay: TestRelay;
const cleanups = new Cleanups();
/** The relay's clock runs this far ahead once the test's day has passed (its reader lease measures the 24 h too). */
let relayShift = 0;

beforeAll(async () => {
  await crypto.initCrypto();
  relay = await startTestRelay({ now: () => Date.now() + relayShift });
});
afterAll(async () => {
  await cleanups.runAll();
  await relay.stop();
});

/** Sync rounds between devices of one organisation. */
async function settle(...sessions: UnlockedSession[]) {
  for (let round = 0; round < 3; round++) for (const s of sessions) await s.sync.syncNow();
}

/** A case of `from` with consent to share with `to`, sent as a referral (summary only). */
async function sendReferral(from: NetworkParty, to: NetworkParty) {
  const s = from.session;
  const c = s.cases.create({ pseudonym: 'Mei', status: 'open', summary: 'needs a shelter place', languages: ['mandarin'], country: 'BE', city: 'Brussels' });
  s.consents.record(c.id, { scope: 'share-with-organisation', organisationId: to.orgId, organisationName: 'x', givenOn: '2026-11-01', method: 'written' });
  return s.referrals.send({
    caseId: c.id,
    organisationId: to.orgId,
    serviceIndex: 0,
    reference: '',
    fields: ['summary'],
    attachmentIds: [],
    letter: { zh: '转介信', other: 'Referral letter', otherLanguage: 'fr' },
    consentOverride: null
  });
}

describe('several devices of one organisation: who receives referrals', () => {
  it('device 1 receives; device 2 may take over only after 24 h without a fetch, then receives and applies once; device 1 stops reading', async () => {
    let clock = Date.parse('2026-11-20T09:00:00.000Z');
    const now = () => clock;
    const net = await cleanups.network(relay, 1, { now });
    const A = net.coordinator;
    const B = net.members[0]!;
    const device1 = B.session;
    const tmp = makeTempDir('anxin-ref-inbox-');
    const device2 = openUnlockedSession(
      { profileId: 'fedcba9876543210', displayName: 'second desk', profileDir: tmp.dir, masterKey: crypto.randomKey(), recoveryKeyConfirmed: true, idleTimeoutMinutes: 5 },
      now
    );
    cleanups.add(async () => {
      await closeSession(device2);
      tmp.cleanup();
    });
    await link(device1 as unknown as Device, device2 as unknown as Device, relay.url);

    // Device 1 syncs referrals first (its sync cycles also run it): it is the handler, and notes its fetch.
    await device1.referrals.sync();
    const firstFetch = new Date(clock).toISOString();
    expect(await device1.referrals.inbox()).toMatchObject({ handler: { deviceId: device1.store.deviceId, thisDevice: true, removed: false }, lastFetchedAt: firstFetch, stale: false });
    await settle(device1, device2);
    const seen = await device2.referrals.inbox();
    expect(seen).toMatchObject({ handler: { deviceId: device1.store.deviceId, thisDevice: false, removed: false }, lastFetchedAt: firstFetch, stale: false });
    const label = (await device2.sync.devices()).find((x) => x.deviceId === device1.store.deviceId)?.label ?? '';
    expect(seen.handler!.label).toBe(label);
    // Device 2 does not read the mailbox while device 1 is the handler.
    const early = await sendReferral(A, B);
    await device2.referrals.sync();
    expect((await device2.referrals.inbox()).lastFetchedAt).toBe(firstFetch);
    expect(device2.referrals.list().received.find((x) => x.id === early.id)).toBeUndefined();
    // Device 1 receives it; device 2 gets it through sync.
    await device1.referrals.sync();
    expect(device1.referrals.list().received.find((x) => x.id === early.id)?.status).toBe('received');

    // lastFetchedAt is written at most once an hour.
    clock += HOUR / 2;
    await device1.referrals.sync();
    expect((await device1.referrals.inbox()).lastFetchedAt).toBe(firstFetch);
    clock += HOUR / 2 + 60_000;
    await device1.referrals.sync();
    const lastFetch = new Date(clock).toISOString();
    expect((await device1.referrals.inbox()).lastFetchedAt).toBe(lastFetch);
    await settle(device1, device2);
    // Device 1 goes silent (a laptop left closed): no more sync cycles, no more fetches.
    device1.sync.stop();
    await device1.sync.settle();
    await device1.referrals.settle();
    expect((await device1.referrals.inbox()).lastFetchedAt).toBe(lastFetch);

    // Before 24 h without a fetch, taking over is refused, saying when the handler last fetched.
    clock += 23 * HOUR;
    const refused = await failure(() => device2.referrals.receiveHere());
    expect(refused.code).toBe('referral/invalid-state');
    expect(refused.details).toMatchObject({ handler: device1.store.deviceId, lastFetchedAt: lastFetch, staleAfterHours: 24 });
    expect((await device2.referrals.inbox()).handler!.thisDevice).toBe(false);

    // 25 h after device 1's last fetch (device 1 silent; the relay's clock moves on too): a referral
    // arrives, device 2 takes over — at the relay first (its reader lease), then in the records.
    clock += 2 * HOUR;
    relayShift = 25 * HOUR;
    const s = await sendReferral(A, B);
    expect((await device2.referrals.inbox()).stale).toBe(true);
    const taken = await device2.referrals.receiveHere();
    expect(taken).toMatchObject({ handler: { deviceId: device2.store.deviceId, thisDevice: true }, lastFetchedAt: null, stale: false });
    // The handover is kept with who, when, from which device and its last fetch; newest first.
    const takenAt = new Date(clock).toISOString();
    expect(taken.handovers).toEqual([
      { at: takenAt, by: 'second desk', device: { deviceId: device2.store.deviceId, label: expect.any(String) }, from: { deviceId: device1.store.deviceId, label }, fromLastFetchedAt: lastFetch, reason: 'silent' },
      { at: firstFetch, by: expect.stringMatching(/\S/), device: { deviceId: device1.store.deviceId, label }, from: null, fromLastFetchedAt: null, reason: 'first' }
    ]);
    // Taking over again is a no-op for the handler itself.
    expect((await device2.referrals.receiveHere()).handler!.deviceId).toBe(device2.store.deviceId);
    // (receiveHere already started a fetch in the background; sync() waits for it and runs once more.)
    await device2.referrals.sync();
    expect(device2.referrals.list().received.find((x) => x.id === s.id)?.status).toBe('received');
    expect((await device2.referrals.inbox()).lastFetchedAt).toBe(new Date(clock).toISOString());
    // Device 2 read the mailbox from its start: the referral device 1 had applied (synced here) is
    // put aside quietly, neither applied again nor reported as a replay.
    expect(device2.referrals.refusals()).toEqual([]);
    expect(device2.referrals.auditOf(early.id).map((e) => e.action)).toEqual(['received']);

    // Device 1 comes back and fetches ("Send and fetch now") BEFORE it has synced the takeover: its
    // records still name itself, but the relay refuses its pull (device 2 holds the reader lease),
    // so it reads and applies nothing — a referral sent now is applied by device 2 alone — and its
    // records now name device 2.
    clock += 60_000;
    const late = await sendReferral(A, B);
    const back = await device1.referrals.sync();
    expect(back).toMatchObject({ received: 0, refused: 0 });
    expect(device1.referrals.list().received.find((x) => x.id === late.id)).toBeUndefined();
    expect(device1.referrals.refusals()).toEqual([]);
    expect((await device1.referrals.inbox()).handler).toMatchObject({ deviceId: device2.store.deviceId, thisDevice: false });
    await device2.referrals.sync();
    expect(device2.referrals.list().received.find((x) => x.id === late.id)?.status).toBe('received');
    // It syncs: both devices name device 2 and keep every handover, the relay's included.
    device1.sync.start();
    await settle(device2, device1);
    for (const dev of [device1, device2]) {
      expect(await dev.referrals.inbox()).toMatchObject({ handler: { deviceId: device2.store.deviceId }, stale: false });
      expect((await dev.referrals.inbox()).handovers.map((h) => [h.reason, h.device.deviceId, h.from?.deviceId ?? null])).toEqual([
        ['relay', device2.store.deviceId, device1.store.deviceId],
        ['silent', device2.store.deviceId, device1.store.deviceId],
        ['first', device1.store.deviceId, null]
      ]);
    }
    expect(await device1.referrals.sync()).toMatchObject({ received: 0, refused: 0 });
    // Device 1 cannot take it back while device 2 fetches.
    expect(await codeOf(() => device1.referrals.receiveHere())).toBe('referral/invalid-state');

    // Applied once: one referral, one 'received' entry, one step — on both devices.
    await device2.referrals.sync();
    await settle(device2, device1);
    for (const dev of [device1, device2]) {
      for (const id of [early.id, s.id, late.id]) {
        expect(dev.referrals.list().received.filter((x) => x.id === id).map((x) => x.status)).toEqual(['received']);
        expect(dev.referrals.auditOf(id).map((e) => e.action)).toEqual(['received']);
        expect(dev.referrals.get(id).steps.map((x) => x.kind)).toEqual(['referral']);
      }
      expect(dev.store.get(s.id)!.header.collection).toBe(device2.store.get(s.id)!.header.collection);
    }
    // The sender sees it delivered once.
    expect(A.session.referrals.get(s.id).steps.map((x) => x.kind)).toEqual(['referral']);
  });

  it('a device whose records name it but whose relay lease another device holds steps aside and names that device, so the mailbox is read again; applied once', async () => {
    const net = await cleanups.network(relay, 1);
    const A = net.coordinator;
    const B = net.members[0]!;
    const device1 = B.session;
    const tmp = makeTempDir('anxin-ref-inbox-');
    const device2 = openUnlockedSession({ profileId: 'fedcba9876543212', displayName: 'fourth desk', profileDir: tmp.dir, masterKey: crypto.randomKey(), recoveryKeyConfirmed: true, idleTimeoutMinutes: 5 });
    cleanups.add(async () => {
      await closeSession(device2);
      tmp.cleanup();
    });
    await link(device1 as unknown as Device, device2 as unknown as Device, relay.url);
    await device1.referrals.sync();
    await settle(device1, device2);
    expect((await relay.relay.storage.reader(B.orgId, REFERRALS_MAILBOX))!.reader).toBe(device1.store.deviceId);
    for (const dev of [device1, device2]) expect((await dev.referrals.inbox()).handler!.deviceId).toBe(device1.store.deviceId);

    // Device 2 holds the relay's lease while every record still names device 1 (as after two
    // devices claimed at once, or a takeover whose records were lost): taken at the relay alone,
    // a day later by the relay's clock.
    relayShift += 25 * HOUR;
    const t = device2.sync.transport()!;
    await t.client.post(readerLeasePath(t.orgId, REFERRALS_MAILBOX), { v: 1 }, t.signer);
    const s = await sendReferral(A, B);
    // Device 2 does not read (its records name device 1); device 1 is refused by the relay and
    // applies nothing, then names device 2 in the records.
    expect((await device2.referrals.sync()).received).toBe(0);
    expect(await device1.referrals.sync()).toMatchObject({ received: 0, refused: 0 });
    expect(device1.referrals.list().received.find((x) => x.id === s.id)).toBeUndefined();
    expect((await device1.referrals.inbox()).handler!.deviceId).toBe(device2.store.deviceId);
    // Synced, device 2 reads: the referral is applied once, and the handover says why.
    await settle(device1, device2);
    await device2.referrals.sync();
    await settle(device2, device1);
    for (const dev of [device1, device2]) {
      expect(dev.referrals.list().received.filter((x) => x.id === s.id).map((x) => x.status)).toEqual(['received']);
      expect(dev.referrals.auditOf(s.id).map((e) => e.action)).toEqual(['received']);
      expect(dev.referrals.refusals()).toEqual([]);
      expect((await dev.referrals.inbox()).handovers[0]).toMatchObject({ reason: 'relay', device: { deviceId: device2.store.deviceId }, from: { deviceId: device1.store.deviceId } });
    }
  });

  it('a removed handler device can be replaced at once', async () => {
    const net = await cleanups.network(relay, 1);
    const B = net.members[0]!;
    const tmp = makeTempDir('anxin-ref-inbox-');
    const device2 = openUnlockedSession({ profileId: 'fedcba9876543211', displayName: 'third desk', profileDir: tmp.dir, masterKey: crypto.randomKey(), recoveryKeyConfirmed: true, idleTimeoutMinutes: 5 });
    cleanups.add(async () => {
      await closeSession(device2);
      tmp.cleanup();
    });
    await link(B.session as unknown as Device, device2 as unknown as Device, relay.url, 'admin');
    await settle(B.session, device2);
    // Device 1 (the first one, the handler) is removed by device 2, an admin.
    await B.session.referrals.sync();
    await settle(B.session, device2);
    expect((await device2.referrals.inbox()).handler).toMatchObject({ deviceId: B.session.store.deviceId, removed: false });
    expect(await codeOf(() => device2.referrals.receiveHere())).toBe('referral/invalid-state');
    await device2.sync.removeDevice(B.session.store.deviceId);
    expect(await device2.referrals.inbox()).toMatchObject({ handler: { deviceId: B.session.store.deviceId, removed: true }, stale: true });
    const taken = await device2.referrals.receiveHere();
    expect(taken.handler).toMatchObject({ deviceId: device2.store.deviceId, thisDevice: true });
    expect(taken.handovers.map((h) => [h.reason, h.by, h.device.deviceId, h.from?.deviceId ?? null])).toEqual([
      ['removed', 'third desk', device2.store.deviceId, B.session.store.deviceId],
      ['first', expect.stringMatching(/\S/), B.session.store.deviceId, null]
    ]);
  });
});
