// Referrals between organisations (docs/referrals.md): full sessions (own SQLite file, own master
// key, own organisation) on a real relay on 127.0.0.1, in a network set up the way people do it
// (tests/integration/network-fixtures.ts). Attacks are put on the relay the way a third
// organisation or a curious partner could: as envelopes in a `referrals` mailbox.
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as crypto from '../../main/services/crypto';
import { assembleParts, openPart, splitMessage } from '../../main/services/referrals/parts';
import { parseStep, sealStep } from '../../main/services/referrals/wire';
import type { UnlockedSession } from '../../main/services/unlocked-session';
import { PullResponse, REFERRALS_MAILBOX, envelopesPath, pullPath } from '../../shared/relay/protocol';
import { openUnlockedSession } from '../../main/services/unlocked-session';
import { filesContaining, makeTempDir } from '../helpers/temp-dir';
import { Cleanups, closeSession, replaceReferralKeys, codeOf, demoProfile, openOrganisation, setUpNetwork, type NetworkParty, type TestNetwork } from './network-fixtures';
import { link, startTestRelay, type Device, type TestRelay } from './sync-fixtures';

const MARK = {
  summary: 'MARKER-SUMMARY-7f3c',
  letter: 'MARKER-LETTER-91ab',
  attachment: 'MARKER-ATTACHMENT-c0de',
  reason: 'MARKER-DECLINE-5e5e'
};

let relay: TestRelay;
const cleanups = new Cleanups();
const network = (n: number, opts: Parameters<typeof setUpNetwork>[2] = {}, on = relay) => cleanups.network(on, n, opts);

/** A case with a consent to share with `to` (unless noConsent), identity, an incident and one attachment. */
function makeCase(s: UnlockedSession, to: NetworkParty | null, opts: { attachmentBytes?: Buffer } = {}) {
  const c = s.cases.create({ pseudonym: 'Lan', status: 'open', summary: `${MARK.summary} needs legal aid`, languages: ['mandarin'], country: 'BE', city: 'Brussels' });
  s.cases.setIdentity(c.id, 0, { legalName: 'Test Legal Name', phone: '+32 000' });
  s.caseFiles.incidents.save(c.id, undefined, 0, { date: { precision: 'day', value: '2026-10-01' }, place: 'home' } as never);
  if (to) {
    s.consents.record(c.id, { scope: 'share-with-organisation', organisationId: to.orgId, organisationName: 'x', givenOn: '2026-11-01', method: 'written' });
  }
  const content = opts.attachmentBytes ?? Buffer.concat([Buffer.from(`${MARK.attachment}\n`), randomBytes(300_000)]);
  const a = s.caseFiles.attachments;
  const { uploadId } = a.begin({ caseId: c.id, fileName: 'evidence.bin', mimeType: 'application/octet-stream', size: content.length });
  for (let off = 0, seq = 0; off < content.length; off += 1024 * 1024, seq++) a.append(uploadId, seq, content.subarray(off, off + 1024 * 1024).toString('base64'));
  const att = a.finish(uploadId);
  return { caseId: c.id, attachmentId: att.id, sha256: createHash('sha256').update(content).digest('hex') };
}

const letter = { zh: `转介信 ${MARK.letter}`, other: `Referral letter ${MARK.letter}`, otherLanguage: 'fr' as const };

async function send(from: NetworkParty, to: NetworkParty, c: { caseId: string; attachmentId: string }, extra: { consentOverride?: string | null; fields?: string[] } = {}) {
  return from.session.referrals.send({
    caseId: c.caseId,
    organisationId: to.orgId,
    serviceIndex: 0,
    reference: '',
    fields: (extra.fields ?? ['languages', 'summary', 'identity', 'incidents', 'location']) as never,
    attachmentIds: [c.attachmentId],
    letter,
    consentOverride: extra.consentOverride ?? null
  });
}

/** Lets messages travel both ways (each call is a full flush + pull). */
async function exchange(...parties: NetworkParty[]) {
  for (let round = 0; round < 2; round++) for (const p of parties) await p.session.referrals.sync();
}

const received = (p: NetworkParty, id: string) => p.session.referrals.list().received.find((r) => r.id === id);
const sent = (p: NetworkParty, id: string) => p.session.referrals.list().sent.find((r) => r.id === id);
const transportOf = (p: NetworkParty) => p.session.sync.transport()!;

/** Every message in `p`'s referrals mailbox on the relay, opened with p's key (what a receiver can read). */
async function mailboxMessages(p: NetworkParty): Promise<Uint8Array[]> {
  const t = transportOf(p);
  const res = PullResponse.parse(await t.client.get(pullPath(t.orgId, REFERRALS_MAILBOX, 0, 500), t.signer));
  const box = p.session.network.identity().box;
  const groups = new Map<string, ReturnType<typeof openPart>[]>();
  for (const e of res.envelopes) {
    const part = openPart(new Uint8Array(Buffer.from(e.payload, 'base64')), box);
    groups.set(part.msgId, [...(groups.get(part.msgId) ?? []), part]);
  }
  return [...groups.values()].map((parts) => assembleParts(parts));
}

/** Uploads a message (as `by`'s device) into `to`'s referrals mailbox, sealed to `to`'s box key. */
async function inject(by: NetworkParty, to: NetworkParty, message: Uint8Array) {
  const t = transportOf(by);
  const msgId = parseStep(message).msgId;
  const envs = splitMessage(message, msgId, to.session.network.identity().box.publicKey);
  for (const e of envs) {
    await t.client.post(envelopesPath(to.orgId, REFERRALS_MAILBOX), { v: 1, envelopes: [{ v: 1, id: e.id, payload: Buffer.from(e.payload).toString('base64') }] }, t.signer);
  }
}

beforeAll(async () => {
  await crypto.initCrypto();
  relay = await startTestRelay();
});
afterAll(async () => {
  await cleanups.runAll();
  await relay.stop();
});

describe('full cycles between two organisations', () => {
  let net: TestNetwork;
  let A: NetworkParty;
  let B: NetworkParty;
  let C: NetworkParty;
  beforeAll(async () => {
    net = await network(2);
    [A, B] = net.members as [NetworkParty, NetworkParty];
    C = net.coordinator;
  });

  it('send → accept (linked case with the shared fields and attachments) → progress → close', async () => {
    const c = makeCase(A.session, B);
    const summary = await send(A, B, c);
    expect(summary).toMatchObject({ direction: 'sent', status: 'sent', queuedSteps: 0, pseudonym: 'Lan' });
    expect(summary.reference).toMatch(/^RF-\d{4}-[0-9A-Z]{6}$/);
    await exchange(B);
    const inbox = received(B, summary.id)!;
    expect(inbox).toMatchObject({ status: 'received', reference: summary.reference, from: { organisationId: A.orgId }, to: { organisationId: B.orgId } });
    const detail = B.session.referrals.get(summary.id);
    expect(detail.shared?.summary).toContain(MARK.summary);
    expect(detail.shared?.identity?.legalName).toBe('Test Legal Name');
    expect(detail.letter).toEqual(letter);
    expect(detail.attachments).toHaveLength(1);
    expect(detail.verification).toBe(A.session.referrals.get(summary.id).verification);

    const { caseId, summary: acc } = await B.session.referrals.accept(summary.id);
    expect(acc.status).toBe('accepted');
    const linked = B.session.cases.get(caseId);
    expect(linked).toMatchObject({ pseudonym: 'Lan', languages: ['mandarin'], country: 'BE', city: 'Brussels' });
    expect(linked.summary).toContain(MARK.summary);
    expect(B.session.cases.reveal(caseId).identity.legalName).toBe('Test Legal Name');
    expect(B.session.caseFiles.incidents.list(caseId)).toHaveLength(1);
    const atts = B.session.caseFiles.attachments.list(caseId);
    expect(atts).toHaveLength(1);
    expect(atts[0]!.sha256).toBe(c.sha256);
    expect(B.session.caseFiles.attachments.verify(caseId, atts[0]!.id).sha256).toBe(c.sha256);
    expect(B.session.caseFiles.audit.list(caseId).map((e) => e.action)).toContain('referral-updated');

    await exchange(A);
    expect(sent(A, summary.id)!.status).toBe('accepted');
    await B.session.referrals.progress(summary.id, 'first meeting held');
    await B.session.referrals.close(summary.id, 'legal aid granted');
    await exchange(A);
    const a = A.session.referrals.get(summary.id);
    expect(a.summary.status).toBe('closed');
    expect(a.steps.map((s) => s.kind)).toEqual(['referral', 'accept', 'progress', 'close']);
    expect(a.steps[2]!.text).toBe('first meeting held');
    expect(a.steps.every((s) => !s.queued && s.fingerprint.length > 0)).toBe(true);
    expect(B.session.referrals.get(summary.id).steps.map((s) => s.index)).toEqual([0, 1, 2, 3]);
    const audit = A.session.caseFiles.audit.list(c.caseId).map((e) => e.action);
    expect(audit).toContain('referral-sent');
    expect(audit.filter((x) => x === 'referral-updated').length).toBeGreaterThanOrEqual(3);
    // After closing nothing more can be reported.
    expect(await codeOf(() => B.session.referrals.progress(summary.id, 'more'))).toBe('referral/invalid-state');
  });

  it('send → decline: the reason is visible to the sender', async () => {
    const c = makeCase(A.session, B);
    const s = await send(A, B, c);
    await exchange(B);
    await B.session.referrals.decline(s.id, `no capacity ${MARK.reason}`);
    await exchange(A);
    const a = A.session.referrals.get(s.id);
    expect(a.summary.status).toBe('declined');
    expect(a.steps.at(-1)).toMatchObject({ kind: 'decline', text: `no capacity ${MARK.reason}`, by: { organisationId: B.orgId } });
    // A receiver cannot accept what it declined; a sender cannot accept at all.
    expect(await codeOf(() => B.session.referrals.accept(s.id))).toBe('referral/invalid-state');
    expect(await codeOf(() => A.session.referrals.accept(s.id))).toBe('referral/invalid-state');
  });

  it('send → request-info → provide-info → accept', async () => {
    const c = makeCase(A.session, B);
    const s = await send(A, B, c, { fields: ['languages'] });
    await exchange(B);
    expect(B.session.referrals.get(s.id).shared).toEqual({ pseudonym: 'Lan', languages: ['mandarin'], interpreterNeeded: 'unknown' });
    await B.session.referrals.requestInfo(s.id, 'Does she have children with her?');
    await exchange(A);
    expect(sent(A, s.id)!.status).toBe('info-requested');
    await A.session.referrals.provideInfo(s.id, 'Yes, one child (6).');
    await exchange(B);
    expect(received(B, s.id)!.status).toBe('received');
    expect(B.session.referrals.get(s.id).steps.at(-1)).toMatchObject({ kind: 'provide-info', text: 'Yes, one child (6).' });
    await B.session.referrals.accept(s.id);
    await exchange(A);
    expect(A.session.referrals.get(s.id).steps.map((x) => x.kind)).toEqual(['referral', 'request-info', 'provide-info', 'accept']);
  });

  it('send → withdraw: the receiver deletes its copy and the confirmation reaches the sender', async () => {
    const c = makeCase(A.session, B);
    const s = await send(A, B, c);
    await exchange(B);
    const rec = B.session.store.get(s.id)!;
    const collection = rec.header.collection;
    const rows = () => countRows(B, collection);
    expect(rows()).toBeGreaterThan(0);
    await A.session.referrals.withdraw(s.id, 'she moved to another city');
    expect(sent(A, s.id)!.status).toBe('withdrawn');
    await exchange(B, A);
    expect(B.session.store.get(s.id)).toBeNull();
    expect(rows()).toBe(0);
    expect(B.session.referrals.queue().parts).toBe(0);
    const gone = B.session.referrals.get(s.id);
    expect(gone).toMatchObject({ shared: null, letter: null, attachments: [], summary: { status: 'withdrawn', pseudonym: '' } });
    expect(received(B, s.id)!.status).toBe('withdrawn');
    const a = A.session.referrals.get(s.id).summary;
    expect(a.status).toBe('withdrawn');
    expect(a.withdrawConfirmedAt).not.toBeNull();
    expect(A.session.caseFiles.audit.list(c.caseId).map((e) => e.action)).toContain('referral-withdrawn');
    expect(B.session.referrals.auditOf(s.id).map((e) => e.action)).toEqual(expect.arrayContaining(['received', 'received-withdraw', 'deleted-copy', 'withdraw-confirmed']));
  });

  it('no consent → referral/no-consent; a written override sends it and is in the sender’s audit log', async () => {
    const c = makeCase(A.session, null);
    const before = A.session.referrals.list().sent.length;
    expect(await codeOf(() => send(A, B, c))).toBe('referral/no-consent');
    expect(await codeOf(() => send(A, B, c, { consentOverride: '   ' }))).toBe('referral/no-consent');
    expect(A.session.referrals.list().sent.length).toBe(before);
    const s = await send(A, B, c, { consentOverride: 'Immediate danger; she agreed by phone, form to follow' });
    expect(A.session.referrals.get(s.id).consent).toEqual({ consentId: null, overrideReason: 'Immediate danger; she agreed by phone, form to follow' });
    const entries = A.session.caseFiles.audit.list(c.caseId);
    const override = entries.find((e) => e.action === 'referral-consent-override');
    expect(override?.detail).toContain('Immediate danger');
    await exchange(B);
    expect(received(B, s.id)!.status).toBe('received');
  });

  it('prepare reads the legal identity only when asked (one audited reveal); send reads it only when it is shared', async () => {
    const c = makeCase(A.session, B);
    const revealed = () => A.session.caseFiles.audit.list(c.caseId).filter((e) => e.action === 'revealed');
    expect(revealed()).toHaveLength(0);

    // Opening the composer: everything else, no identity, nothing audited as revealed.
    const plain = A.session.referrals.prepare(c.caseId, B.orgId);
    expect(plain.available.summary).toContain(MARK.summary);
    expect(plain.available.identity).toBeUndefined();
    expect(JSON.stringify(plain)).not.toContain('Test Legal Name');
    expect(JSON.stringify(plain)).not.toContain('+32 000');
    expect(plain.identityRecorded).toBe(true);
    expect(revealed()).toHaveLength(0);

    // Identity ticked: read and audited, once per call.
    const withIdentity = A.session.referrals.prepare(c.caseId, B.orgId, { includeIdentity: true });
    expect(withIdentity.available.identity).toMatchObject({ legalName: 'Test Legal Name', phone: '+32 000' });
    expect(withIdentity.identityRecorded).toBe(true);
    expect(revealed()).toHaveLength(1);
    expect(revealed()[0]!.target).toBe('identity');
    A.session.referrals.prepare(c.caseId, B.orgId, { includeIdentity: false });
    expect(revealed()).toHaveLength(1);

    // Sent without identity: not read (no reveal), not in what travels; the audit names what went.
    const s = await send(A, B, c, { fields: ['languages', 'summary'] });
    expect(revealed()).toHaveLength(1);
    expect(A.session.referrals.get(s.id).shared?.identity).toBeUndefined();
    const sentEntry = A.session.caseFiles.audit.list(c.caseId).find((e) => e.action === 'referral-sent');
    expect(sentEntry?.detail).toContain('languages, summary');
    expect(sentEntry?.detail).not.toContain('identity');
    // Sent with it: read for sending, audited as a reveal.
    const s2 = await send(A, B, c, { fields: ['identity'] });
    expect(revealed()).toHaveLength(2);
    expect(A.session.referrals.get(s2.id).shared?.identity?.legalName).toBe('Test Legal Name');

    // A case without an identity record says so, still without a reveal.
    const bare = A.session.cases.create({ pseudonym: 'Hua', status: 'open', summary: 'no identity yet', languages: ['mandarin'] });
    const none = A.session.referrals.prepare(bare.id, B.orgId);
    expect(none.identityRecorded).toBe(false);
    expect(A.session.caseFiles.audit.list(bare.id).filter((e) => e.action === 'revealed')).toHaveLength(0);
    await exchange(B);
    expect(received(B, s.id)!.status).toBe('received');
    expect(B.session.referrals.get(s.id).shared?.identity).toBeUndefined();
  });

  it('refusals, nothing applied: forged, re-sealed to a third organisation, tampered, replayed', async () => {
    const c = makeCase(A.session, B);
    const s = await send(A, B, c);
    await exchange(B);
    const countB = () => B.session.referrals.list().received.length;
    const countC = () => C.session.referrals.list().received.length;
    const baseB = countB();
    const original = (await mailboxMessages(B)).find((m) => parseStep(m).header.referralId === s.id)!;
    expect(original).toBeDefined();

    // Forged: C signs a referral claiming to be A.
    const cId = C.session.network.identity();
    const aPub = A.session.network.identity();
    const bPeer = B.session.network.identity();
    const forged = sealStep({
      self: { orgId: A.orgId, sign: { publicKey: aPub.sign.publicKey, secretKey: cId.sign.secretKey }, box: { publicKey: aPub.box.publicKey, secretKey: cId.box.secretKey } },
      to: { orgId: B.orgId, signPublic: bPeer.sign.publicKey, boxPublic: bPeer.box.publicKey },
      referralId: crypto.randomId(),
      index: 0,
      kind: 'referral',
      prev: '',
      createdAt: new Date().toISOString(),
      body: { text: 'forged' }
    });
    await inject(C, B, forged.bytes);
    const r1 = await B.session.referrals.sync();
    expect(r1.refused).toBeGreaterThanOrEqual(1);
    expect(B.session.referrals.refusals().at(-1)!.code).toBe('referral/forged');
    expect(countB()).toBe(baseB);
    // It names no referral B holds: B's users see it under the board (referrals:refused), newest first.
    expect((await B.session.referrals.refusedMessages())[0]).toMatchObject({ action: 'refused', detail: 'referral/forged', device: B.session.store.deviceId });

    // Re-sealed: B wraps A's referral (as B received it) to C.
    const baseC = countC();
    await inject(B, C, original);
    await C.session.referrals.sync();
    expect(C.session.referrals.refusals().at(-1)!.code).toBe('referral/wrong-recipient');
    expect(countC()).toBe(baseC);
    expect((await C.session.referrals.refusedMessages())[0]).toMatchObject({ action: 'refused', detail: 'referral/wrong-recipient' });

    // Tampered: one ciphertext byte flipped on the way.
    const altered = new Uint8Array(original);
    altered[altered.length - 10]! ^= 0x40;
    await inject(C, B, altered);
    await B.session.referrals.sync();
    expect(B.session.referrals.refusals().at(-1)!.code).toBe('referral/tampered');

    // Replayed: the same signed step delivered again.
    await inject(C, B, original);
    await B.session.referrals.sync();
    expect(B.session.referrals.refusals().at(-1)!.code).toBe('referral/replayed');
    expect(countB()).toBe(baseB);
    expect(received(B, s.id)!.status).toBe('received');
    expect(B.session.referrals.get(s.id).steps).toHaveLength(1);
    // The tampered and replayed copies name the referral B holds: they are in its audit log, not
    // among the messages refused for no referral.
    expect((await B.session.referrals.audit(s.id)).filter((e) => e.action === 'refused').map((e) => e.detail)).toEqual(expect.arrayContaining(['referral/replayed']));
    const unattached = (await B.session.referrals.refusedMessages()).map((e) => e.detail);
    expect(unattached).toContain('referral/forged');
    expect(unattached).not.toContain('referral/replayed');
  });

  it('marker: shared fields, letter and attachment content are in neither data dir nor in the relay’s storage', async () => {
    // Let every background write settle into the files.
    for (const p of [A, B, C]) await p.session.referrals.sync();
    for (const marker of Object.values(MARK)) {
      expect(filesContaining(A.dir, marker), `A ${marker}`).toEqual([]);
      expect(filesContaining(B.dir, marker), `B ${marker}`).toEqual([]);
      expect(filesContaining(C.dir, marker), `C ${marker}`).toEqual([]);
      expect(filesContaining(relay.dataDir, marker), `relay ${marker}`).toEqual([]);
    }
  });

  it('a referral from a member this device does not list yet is kept, and applied once the directory is read again', async () => {
    const late = await openOrganisation(relay, 'late member');
    cleanups.add(async () => {
      await closeSession(late.session);
      late.tmp.cleanup();
    });
    late.session.network.setProfile(demoProfile(4));
    const request = late.session.network.joinRequest();
    const { invitation } = await C.session.network.admit({ text: request.text, fingerprint: request.fingerprint, validUntil: '2099-06-30' });
    await late.session.network.join({ text: invitation, fingerprint: net.networkFingerprint });
    await late.session.network.refresh();
    const D: NetworkParty = { session: late.session, orgId: late.orgId, profile: demoProfile(4), fingerprint: request.fingerprint, dir: late.tmp.dir };
    expect(await codeOf(() => B.session.network.trusted(D.orgId))).toBe('network/unknown-organisation');
    const s = await send(D, B, makeCase(D.session, B));
    await exchange(B);
    expect(received(B, s.id)!.status).toBe('received');
  });

  it('a sender whose key changed is refused (network/key-changed), and nothing is sent to it', async () => {
    // A makes new referral keys and is re-admitted; B's refreshed directory now lists another key.
    replaceReferralKeys(A.session);
    const req = A.session.network.joinRequest();
    await C.session.network.admit({ text: req.text, fingerprint: req.fingerprint, validUntil: '2099-06-30', replaceKey: true });
    await B.session.network.refresh();
    await A.session.network.refresh();
    const baseB = B.session.referrals.list().received.length;
    const c = makeCase(A.session, B);
    const s = await send(A, B, c);
    await exchange(B);
    expect(B.session.referrals.refusals().at(-1)).toMatchObject({ code: 'network/key-changed', referralId: s.id });
    expect(B.session.referrals.list().received.length).toBe(baseB);
    // And B cannot send to A until someone compares the new fingerprint.
    const cb = makeCase(B.session, A);
    expect(await codeOf(() => send(B, A, cb))).toBe('network/key-changed');
    // Once the new fingerprint was compared by phone and accepted, the kept referral opens.
    B.session.network.acceptKeyChange({ organisationId: A.orgId, fingerprint: req.fingerprint });
    await exchange(B);
    expect(received(B, s.id)!.status).toBe('received');
    expect(B.session.referrals.refusals().filter((r) => r.referralId === s.id)).toHaveLength(1);
  });
});

describe('expiry (injected clock)', () => {
  it('an undecided referral is overdue after answerBy, expired after expiresAt on both sides, and the receiver deletes its copy', async () => {
    let clock = Date.now();
    const net = await network(1, { now: () => clock });
    const A = net.coordinator;
    const B = net.members[0]!;
    const c = makeCase(A.session, B);
    const s = await A.session.referrals.send({ caseId: c.caseId, organisationId: B.orgId, serviceIndex: 0, reference: '', fields: ['summary'], attachmentIds: [c.attachmentId], letter, consentOverride: null, answerByDays: 1, expiresInDays: 2 });
    await exchange(B);
    const collection = B.session.store.get(s.id)!.header.collection;
    expect(received(B, s.id)).toMatchObject({ status: 'received', overdue: false });
    clock += 2 * 86_400_000;
    expect(received(B, s.id)).toMatchObject({ status: 'received', overdue: true });
    expect(sent(A, s.id)).toMatchObject({ status: 'sent', overdue: true });
    clock += 86_400_000;
    expect(sent(A, s.id)).toMatchObject({ status: 'expired', overdue: false });
    expect(await codeOf(() => A.session.referrals.withdraw(s.id, 'too late'))).toBe('referral/expired');
    await B.session.referrals.sync();
    expect(received(B, s.id)!.status).toBe('expired');
    expect(B.session.store.get(s.id)).toBeNull();
    expect(countRows(B, collection)).toBe(0);
    expect(await codeOf(() => B.session.referrals.accept(s.id))).toBe('referral/not-found');
  });
});

describe('offline', () => {
  it('send while the relay is stopped → queued → relay started → delivered', async () => {
    let own = await startTestRelay();
    const net = await network(1, {}, own);
    const A = net.coordinator;
    const B = net.members[0]!;
    const c = makeCase(A.session, B);
    await own.stop();
    const s = await send(A, B, c);
    expect(s).toMatchObject({ status: 'queued', queuedSteps: 1 });
    expect(A.session.referrals.get(s.id).steps[0]!.queued).toBe(true);
    expect(await codeOf(() => A.session.referrals.sync())).toBe('sync/relay-unreachable');
    expect(sent(A, s.id)!.status).toBe('queued');
    own = await startTestRelay({ dataDir: own.dataDir, port: own.port });
    cleanups.add(() => own.stop());
    const r = await A.session.referrals.sync();
    expect(r.sent).toBe(1);
    expect(sent(A, s.id)).toMatchObject({ status: 'sent', queuedSteps: 0 });
    await exchange(B);
    expect(received(B, s.id)!.status).toBe('received');
    expect(A.session.referrals.queue().outbox).toBe(0);
  });
});

describe('several devices of one organisation', () => {
  it('one device reads the mailbox, another device can act on what it synced, nothing is applied twice', async () => {
    const net = await network(1);
    const A = net.coordinator;
    const B = net.members[0]!;
    await B.session.referrals.sync(); // the first device to sync referrals reads the mailbox
    await B.session.sync.syncNow();
    const tmp = makeTempDir('anxin-ref-b2-');
    const b2 = openUnlockedSession({ profileId: 'fedcba9876543210', displayName: 'second desk', profileDir: tmp.dir, masterKey: crypto.randomKey(), recoveryKeyConfirmed: true, idleTimeoutMinutes: 5 });
    cleanups.add(async () => {
      await closeSession(b2);
      tmp.cleanup();
    });
    await link(B.session as unknown as Device, b2 as unknown as Device, relay.url);
    await b2.sync.syncNow();

    const c = makeCase(A.session, B);
    const s = await send(A, B, c);
    await b2.referrals.sync();
    expect(b2.referrals.list().received.find((r) => r.id === s.id)).toBeUndefined();
    await B.session.referrals.sync();
    expect(received(B, s.id)!.status).toBe('received');
    await settle(B.session, b2);
    expect(b2.referrals.list().received.find((r) => r.id === s.id)?.status).toBe('received');
    const { caseId } = await b2.referrals.accept(s.id);
    expect(b2.caseFiles.attachments.list(caseId)[0]!.sha256).toBe(c.sha256);
    await exchange(A);
    expect(sent(A, s.id)!.status).toBe('accepted');
    await settle(b2, B.session);
    await B.session.referrals.sync();
    expect(B.session.referrals.list().received.filter((r) => r.id === s.id).map((r) => r.status)).toEqual(['accepted']);
    expect(A.session.referrals.get(s.id).steps.map((x) => x.kind)).toEqual(['referral', 'accept']);

    // A withdrawn referral is deleted on every device of the receiver, not only the one that read it.
    const w = await send(A, B, makeCase(A.session, B));
    await B.session.referrals.sync();
    await settle(B.session, b2);
    const collection = b2.store.get(w.id)!.header.collection;
    await A.session.referrals.withdraw(w.id, 'she found help nearby');
    await B.session.referrals.sync();
    expect(B.session.store.get(w.id)).toBeNull();
    await settle(B.session, b2);
    expect(b2.store.get(w.id)).toBeNull();
    expect(countRows({ dir: tmp.dir } as NetworkParty, collection)).toBe(0);
    expect(b2.referrals.list().received.find((r) => r.id === w.id)?.status).toBe('withdrawn');
  });
});

/** Sync rounds between devices of one organisation (a syncNow may join a cycle that started before the last write). */
async function settle(...sessions: UnlockedSession[]) {
  for (let round = 0; round < 3; round++) for (const s of sessions) await s.sync.syncNow();
}

/** Rows of a collection in p's database file (a second, read-only connection: WAL allows it). */
function countRows(p: NetworkParty, collection: string): number {
  const db = new Database(join(p.dir, 'anxin.db'), { readonly: true });
  try {
    const n = (sql: string) => (db.prepare(sql).get(collection) as { n: number }).n;
    return n('SELECT COUNT(*) AS n FROM records WHERE collection = ?') + n('SELECT COUNT(*) AS n FROM attachment_chunks WHERE collection = ?');
  } finally {
    db.close();
  }
}
