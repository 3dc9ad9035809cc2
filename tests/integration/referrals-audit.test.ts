// The per-referral audit trail as users see it (`referrals:audit`, docs/referrals.md "What is
// audited"): two organisations on a relay on 127.0.0.1 (tests/integration/network-fixtures.ts),
// each asked through the real IPC router (request and strict response validated) over its own
// session. Send → accept → progress lists the expected actions in order, with the right actors
// and devices, on each side; after a withdrawal the receiver's trail is still readable and holds
// the deletion; a replayed message shows as refused with its error code (in that referral's
// trail), a message that names no referral in `referrals:refused`; and no shared value —
// pseudonym, summary, letter, notes, reasons — appears in any entry. Devices carry their labels.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReferralsHandlers } from '../../main/ipc/handlers/referrals';
import { createDispatch, type Dispatch, type Handlers } from '../../main/ipc/router';
import { initCrypto } from '../../main/services/crypto';
import { assembleParts, openPart, splitMessage } from '../../main/services/referrals/parts';
import { parseStep } from '../../main/services/referrals/wire';
import type { ReferralAuditEntry, ReferralSummary } from '../../shared/domain/referrals/schemas';
import { contract } from '../../shared/ipc/contract';
import { PullResponse, REFERRALS_MAILBOX, envelopesPath, pullPath } from '../../shared/relay/protocol';
import type { Result } from '../../shared/result';
import { setUpNetwork, type NetworkParty, type TestNetwork } from './network-fixtures';
import { startTestRelay, type TestRelay } from './sync-fixtures';

const MARK = {
  pseudonym: 'MarkerPseudonym4d2e',
  summary: 'MARKER-SUMMARY-audit-8b1f',
  letter: 'MARKER-LETTER-audit-33c7',
  override: 'MARKER-OVERRIDE-REASON-a9d0',
  progress: 'MARKER-PROGRESS-NOTE-61fe',
  withdraw: 'MARKER-WITHDRAW-REASON-0c4b'
};

let relay: TestRelay;
let net: TestNetwork;
let A: NetworkParty;
let B: NetworkParty;
let ipcA: Dispatch;
let ipcB: Dispatch;

const notCalled = () => {
  throw new Error('not under test');
};
/** The real router over the referral handlers of one party's session. */
function dispatchFor(p: NetworkParty): Dispatch {
  const all = Object.fromEntries(Object.keys(contract).map((c) => [c, notCalled])) as unknown as Handlers;
  const handlers = createReferralsHandlers({
    dataDir: p.dir,
    shell: 'browser',
    unlocked: () => p.session,
    current: () => p.session,
    emit: () => undefined,
    lock: () => undefined,
    now: Date.now
  });
  return createDispatch({ ...all, ...handlers });
}
function value<T>(r: Result<unknown>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.value as T;
}
const call = async <T,>(d: Dispatch, channel: string, req: unknown) => value<T>(await d(channel, req));
const audit = (d: Dispatch, id: string) => call<ReferralAuditEntry[]>(d, 'referrals:audit', { id });

/** Lets messages travel both ways (each call is a full flush + pull). */
async function exchange(...parties: NetworkParty[]) {
  for (let round = 0; round < 2; round++) for (const p of parties) await p.session.referrals.sync();
}

/** A case (marker pseudonym and summary) and a referral of it from A to B, under a written override (no consent record). */
async function sendReferral(): Promise<ReferralSummary> {
  const c = A.session.cases.create({ pseudonym: MARK.pseudonym, status: 'open', summary: `${MARK.summary} needs shelter`, languages: ['mandarin'] });
  const prep = await call<{ reference: string }>(ipcA, 'referrals:prepare', { caseId: c.id, organisationId: B.orgId });
  return call<ReferralSummary>(ipcA, 'referrals:send', {
    caseId: c.id,
    organisationId: B.orgId,
    serviceIndex: 0,
    reference: prep.reference,
    fields: ['languages', 'summary'],
    attachmentIds: [],
    letter: { zh: `转介信 ${MARK.letter}`, other: `Lettre ${MARK.letter}`, otherLanguage: 'fr' },
    consentOverride: MARK.override
  });
}

/** No marker in anything the trail answered. */
function expectNoSharedValue(entries: ReferralAuditEntry[]): void {
  const text = JSON.stringify(entries);
  for (const m of Object.values(MARK)) expect(text).not.toContain(m);
}

beforeAll(async () => {
  await initCrypto();
  relay = await startTestRelay();
  net = await setUpNetwork(relay, 1);
  [A, B] = [net.coordinator, net.members[0]!];
  ipcA = dispatchFor(A);
  ipcB = dispatchFor(B);
}, 60_000);
afterAll(async () => {
  await net?.close();
  await relay?.stop();
});

describe('referrals:audit (both sides)', () => {
  it('send → accept → progress: each side lists its actions in order, with the actor, device and harmless details', async () => {
    const s = await sendReferral();
    await exchange(B);
    await call(ipcB, 'referrals:accept', { id: s.id });
    await call(ipcB, 'referrals:progress', { id: s.id, note: `${MARK.progress} first appointment kept` });
    await exchange(A);

    const a = await audit(ipcA, s.id);
    expect(a.map((e) => e.action)).toEqual(['sent', 'consent-override', 'received-accept', 'received-progress']);
    expect(new Set(a.map((e) => e.actor))).toEqual(new Set(['coordinator']));
    expect(new Set(a.map((e) => e.device))).toEqual(new Set([A.session.store.deviceId]));
    // Named as in the organisation's device list.
    const labelA = (await A.session.sync.devices()).find((x) => x.deviceId === A.session.store.deviceId)!.label;
    expect(labelA).toMatch(/\S/);
    expect(new Set(a.map((e) => e.deviceLabel))).toEqual(new Set([labelA]));
    expect(a[0]!.detail).toBe(B.profile.name);
    // The override's written reason stays in the referral's detail; the trail only says there was one.
    expect(a[1]!.detail).toBe('');
    expect(a.map((e) => e.at)).toEqual([...a.map((e) => e.at)].sort());

    const b = await audit(ipcB, s.id);
    expect(b.map((e) => e.action)).toEqual(['received', 'accept', 'progress']);
    expect(new Set(b.map((e) => e.actor))).toEqual(new Set(['member 1']));
    expect(new Set(b.map((e) => e.device))).toEqual(new Set([B.session.store.deviceId]));
    expect(b[0]!.detail).toBe(A.profile.name);
    expect(b[2]!.detail).toBe('');

    // Downloading the letter is audited too, as the newest entry.
    await call(ipcB, 'referrals:letterPdf', { id: s.id });
    expect((await audit(ipcB, s.id)).at(-1)!.action).toBe('letter-pdf');

    expectNoSharedValue([...a, ...(await audit(ipcB, s.id))]);
    // What the receiver holds does carry the markers (so the check above could fail).
    expect(JSON.stringify(await call(ipcB, 'referrals:get', { id: s.id }))).toContain(MARK.summary);
  });

  it('send → withdraw: the receiver’s copy is gone, its trail is still readable and holds the deletion', async () => {
    const s = await sendReferral();
    await exchange(B);
    await call(ipcA, 'referrals:withdraw', { id: s.id, reason: MARK.withdraw });
    await exchange(B, A);

    expect(B.session.store.get(s.id)).toBeNull();
    expect(value<{ shared: unknown }>(await ipcB('referrals:get', { id: s.id })).shared).toBeNull();
    const b = await audit(ipcB, s.id);
    expect(b.map((e) => e.action)).toEqual(['received', 'received-withdraw', 'deleted-copy', 'withdraw-confirmed']);
    expect(new Set(b.map((e) => e.actor))).toEqual(new Set(['member 1']));

    const a = await audit(ipcA, s.id);
    expect(a.map((e) => e.action)).toEqual(['sent', 'consent-override', 'withdraw', 'received-withdraw-confirmed']);
    expectNoSharedValue([...a, ...b]);
  });

  it('a replayed message naming a referral shows as refused, with its error code', async () => {
    const s = await sendReferral();
    await exchange(B);
    // The signed referral as it sits in B's mailbox, delivered again.
    const t = A.session.sync.transport()!;
    const tb = B.session.sync.transport()!;
    const res = PullResponse.parse(await tb.client.get(pullPath(tb.orgId, REFERRALS_MAILBOX, 0, 500), tb.signer));
    const box = B.session.network.identity().box;
    const parts = res.envelopes.map((e) => openPart(new Uint8Array(Buffer.from(e.payload, 'base64')), box));
    const groups = new Map<string, typeof parts>();
    for (const p of parts) groups.set(p.msgId, [...(groups.get(p.msgId) ?? []), p]);
    const original = [...groups.values()].map((g) => assembleParts(g)).find((m) => parseStep(m).header.referralId === s.id)!;
    expect(original).toBeDefined();
    const msgId = parseStep(original).msgId;
    for (const e of splitMessage(original, msgId, box.publicKey)) {
      await t.client.post(envelopesPath(B.orgId, REFERRALS_MAILBOX), { v: 1, envelopes: [{ v: 1, id: e.id, payload: Buffer.from(e.payload).toString('base64') }] }, t.signer);
    }
    await B.session.referrals.sync();
    const b = await audit(ipcB, s.id);
    expect(b.map((e) => e.action)).toEqual(['received', 'refused']);
    expect(b[1]!.detail).toBe('referral/replayed');
  });

  it('a message that names no referral (unreadable) is listed by referrals:refused, with the device named; a held referral’s refusals are not', async () => {
    const t = A.session.sync.transport()!;
    const box = B.session.network.identity().box;
    const junk = randomBytes(4096);
    const msgId = createHash('sha256').update(junk).digest('hex').slice(0, 32);
    for (const e of splitMessage(junk, msgId, box.publicKey)) {
      await t.client.post(envelopesPath(B.orgId, REFERRALS_MAILBOX), { v: 1, envelopes: [{ v: 1, id: e.id, payload: Buffer.from(e.payload).toString('base64') }] }, t.signer);
    }
    const r = await call<{ refused: number }>(ipcB, 'referrals:sync', {});
    expect(r.refused).toBeGreaterThanOrEqual(1);
    const listed = await call<ReferralAuditEntry[]>(ipcB, 'referrals:refused', {});
    const labelB = (await B.session.sync.devices()).find((x) => x.deviceId === B.session.store.deviceId)!.label;
    expect(listed[0]).toMatchObject({ action: 'refused', detail: 'referral/tampered', device: B.session.store.deviceId, deviceLabel: labelB });
    // The replay of the test above is in that referral's audit log only.
    expect(listed.map((e) => e.detail)).not.toContain('referral/replayed');
    // The coordinator refused nothing.
    expect(await call<ReferralAuditEntry[]>(ipcA, 'referrals:refused', {})).toEqual([]);
  });

  it('an unknown referral is referral/not-found; a malformed id is refused by the router', async () => {
    const r = await ipcA('referrals:audit', { id: 'ab'.repeat(16) });
    expect(r.ok ? 'ok' : r.error.code).toBe('referral/not-found');
    const bad = await ipcA('referrals:audit', { id: '../x' });
    expect(bad.ok ? 'ok' : bad.error.code).toBe('ipc/invalid-request');
  });
});
