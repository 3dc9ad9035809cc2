// The referral network (docs/network.md, trust model in docs/security.md "Network trust"):
// a coordinator organisation and member organisations, each a full session with its own SQLite
// file, in its own organisation on a real relay on 127.0.0.1. The attacks (a tampered entry, a
// snapshot signed by another key, a rolled-back directory) are put on the relay the way a
// malicious relay or a stolen coordinator device could: as envelopes in the `network` mailbox.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as crypto from '../../main/services/crypto';
import { createNetworkService } from '../../main/services/network';
import { canonical } from '../../main/services/canonical-json';
import { makeJoinRequest, readInvitation, signEntry, signSnapshot, verifySnapshot, type Snapshot } from '../../main/services/network/formats';
import { OrganisationProfile } from '../../shared/domain/referrals/schemas';
import { publishSnapshot, sealSnapshot, snapshotEnvelopes } from '../../main/services/network/mailbox';
import { DIRECTORY_KIND, IDENTITY_KIND, type DirectoryBody, type IdentityBody } from '../../main/services/network/store';
import { openUnlockedSession, type UnlockedSession } from '../../main/services/unlocked-session';
import { makeTempDir } from '../helpers/temp-dir';
import { AppError } from '../../shared/errors';
import { envelopesPath, NETWORK_MAILBOX } from '../../shared/relay/protocol';
import { DirectoryFilter } from '../../shared/domain/directory/schemas';
import { Cleanups, closeSession, replaceReferralKeys, codeOf, demoProfile, failure, openOrganisation, setUpNetwork, startNetworkTestRelay, type TestNetwork } from './network-fixtures';
import { link, type Device, type TestRelay } from './sync-fixtures';

let relay: TestRelay;
const cleanups = new Cleanups();
const network = (n: number, opts: Parameters<typeof setUpNetwork>[2] = {}) => cleanups.network(relay, n, opts);
async function organisation(label: string) {
  const o = await openOrganisation(relay, label);
  cleanups.add(async () => {
    await closeSession(o.session);
    o.tmp.cleanup();
  });
  return o;
}

const identityBody = (s: UnlockedSession) => s.store.list<IdentityBody>(IDENTITY_KIND)[0]!;
const networkKey = (s: UnlockedSession): crypto.KeyPair => {
  const c = identityBody(s).body.coordinator!;
  return { publicKey: crypto.fromBase64(c.sign.pub), secretKey: crypto.fromBase64(c.sign.sec) };
};
const storedSnapshot = (s: UnlockedSession) => s.store.list<DirectoryBody>(DIRECTORY_KIND)[0]!.body.snapshot;
const today = () => new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  await crypto.initCrypto();
  relay = await startNetworkTestRelay();
});
afterAll(async () => {
  await cleanups.runAll();
  await relay?.stop();
});

describe('joining a network', () => {
  let net: TestNetwork;
  beforeAll(async () => {
    net = await network(2);
  });

  it('every organisation lists all three, marks itself and the coordinator, and trusts the others', () => {
    for (const p of net.all) {
      const orgs = p.session.network.organisations();
      expect(orgs.map((o) => o.organisationId).sort()).toEqual(net.all.map((x) => x.orgId).sort());
      expect(orgs.filter((o) => o.self).map((o) => o.organisationId)).toEqual([p.orgId]);
      expect(orgs.filter((o) => o.coordinator).map((o) => o.organisationId)).toEqual([net.coordinator.orgId]);
      expect(orgs.every((o) => o.pin === 'pinned' && !o.expired)).toBe(true);
      for (const other of net.all) {
        const t = p.session.network.trusted(other.orgId);
        expect(t.fingerprint).toBe(other.fingerprint);
        expect(t.profile.name).toBe(other.profile.name);
        expect(crypto.keyFingerprint(t.signPublic, t.boxPublic)).toBe(other.fingerprint);
      }
      const s = p.session.network.status();
      expect(s.organisationReady).toBe(true);
      expect(s.organisationId).toBe(p.orgId);
      expect(s.fingerprint).toBe(p.fingerprint);
      expect(s.network?.fingerprint).toBe(net.networkFingerprint);
      expect(s.network?.coordinator).toBe(p === net.coordinator);
      expect(s.network?.validUntil).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(s.network?.refreshedAt).not.toBeNull();
    }
  });

  it("the coordinator's own entry is signed for one year and marked coordinator", () => {
    const own = net.members[0]!.session.network.organisations().find((o) => o.organisationId === net.coordinator.orgId)!;
    const inAYear = new Date();
    inAYear.setUTCFullYear(inAYear.getUTCFullYear() + 1);
    expect(own.validUntil).toBe(inAYear.toISOString().slice(0, 10));
    expect(own.coordinator).toBe(true);
  });

  it('admit refuses a wrong fingerprint; join refuses a wrong network fingerprint and an invitation for another organisation', async () => {
    const candidate = await organisation('candidate');
    candidate.session.network.setProfile(demoProfile(4));
    const request = candidate.session.network.joinRequest();
    const coord = net.coordinator.session.network;
    const wrong = request.fingerprint.replace(/^\d/, (d) => String((Number(d) + 1) % 10));
    expect(await codeOf(() => coord.admit({ text: request.text, fingerprint: wrong, validUntil: '2099-01-01' }))).toBe('network/fingerprint-mismatch');
    // A member cannot admit anyone: it holds no network key.
    expect(await codeOf(() => net.members[0]!.session.network.admit({ text: request.text, fingerprint: request.fingerprint, validUntil: '2099-01-01' }))).toBe('network/not-coordinator');
    // A request whose profile was changed on the way no longer verifies.
    const raw = JSON.parse(Buffer.from(request.text.slice('anxin-join:v1:'.length), 'base64url').toString('utf8'));
    raw.profile.name = 'Someone else';
    const forged = 'anxin-join:v1:' + Buffer.from(JSON.stringify(raw)).toString('base64url');
    expect(await codeOf(() => coord.inspectRequest(forged))).toBe('network/bad-signature');
    expect(await codeOf(() => coord.inspectRequest('anxin-join:v1:!!!'))).toBe('network/invalid-token');

    const { invitation, organisation: admitted } = await coord.admit({ text: request.text, fingerprint: request.fingerprint.replace(/ /g, ''), validUntil: '2099-01-01' });
    expect(admitted).toMatchObject({ organisationId: candidate.orgId, fingerprint: request.fingerprint, pin: 'pinned', validUntil: '2099-01-01', coordinator: false, self: false });
    const preview = candidate.session.network.inspectInvitation(invitation);
    expect(preview).toEqual({ networkId: net.coordinator.session.network.status().network!.networkId, name: 'Demo network (fictional)', fingerprint: net.networkFingerprint, organisationId: candidate.orgId, validUntil: '2099-01-01' });
    const wrongNet = net.networkFingerprint.replace(/\d$/, (d) => String((Number(d) + 1) % 10));
    expect(await codeOf(() => candidate.session.network.join({ text: invitation, fingerprint: wrongNet }))).toBe('network/fingerprint-mismatch');
    expect(candidate.session.network.status().network).toBeNull();
    // Another organisation cannot use this invitation.
    expect(await codeOf(() => net.members[0]!.session.network.join({ text: invitation, fingerprint: net.networkFingerprint }))).toBe('network/invalid-token');
    // An invitation altered on the way (another validity) does not verify.
    const inv = JSON.parse(Buffer.from(invitation.slice('anxin-invite:v1:'.length), 'base64url').toString('utf8'));
    inv.entry.validUntil = '2199-01-01';
    expect(await codeOf(() => candidate.session.network.inspectInvitation('anxin-invite:v1:' + Buffer.from(JSON.stringify(inv)).toString('base64url')))).toBe('network/bad-signature');

    const joined = await candidate.session.network.join({ text: invitation, fingerprint: net.networkFingerprint });
    expect(joined.network).toMatchObject({ fingerprint: net.networkFingerprint, coordinator: false, validUntil: '2099-01-01' });
    expect((await candidate.session.network.refresh()).organisations).toBe(4);
    // The others see it after their refresh, pinned on first sight.
    const r = await net.members[1]!.session.network.refresh();
    expect(r).toEqual({ organisations: 4, changedKeys: 0 });
    expect(net.members[1]!.session.network.trusted(candidate.orgId).fingerprint).toBe(request.fingerprint);

    // Removal: published at once; the others no longer trust it after their refresh.
    await coord.remove(candidate.orgId);
    expect((await net.members[1]!.session.network.refresh()).organisations).toBe(3);
    expect(await codeOf(() => net.members[1]!.session.network.trusted(candidate.orgId))).toBe('network/unknown-organisation');
  });

  it('network services show in the help-service directory as read-only network entries; private entries are unchanged', async () => {
    const m = net.members[0]!.session;
    // Up to date after the previous test's admission and removal (a background refresh may have read the one between).
    expect((await m.network.refresh()).organisations).toBe(3);
    m.directory.add({ name: 'Our own contact (demo)', type: 'medical', country: 'FR', city: 'Lyon', languages: ['french'] });
    const all = m.directory.list();
    const fromNetwork = all.filter((e) => e.source === 'network');
    expect(fromNetwork.length).toBe(6); // 3 organisations × 2 services
    expect(all.filter((e) => e.source === 'private').map((e) => e.name)).toEqual(['Our own contact (demo)']);
    const legal = m.directory.search(DirectoryFilter.parse({ type: 'legal-aid' }));
    expect(legal.entries.map((e) => e.name)).toEqual([`${net.members[0]!.profile.name} — intake`]);
    expect(legal.entries[0]!.network).toEqual({ organisationId: net.members[0]!.orgId, signerFingerprint: net.networkFingerprint, validUntil: expect.stringMatching(/^\d{4}-/) });
    const shelter = m.directory.search(DirectoryFilter.parse({ type: 'shelter', country: 'BE' }));
    expect(shelter.entries.every((e) => e.source === 'network' && e.country === 'BE')).toBe(true);
    expect(shelter.entries.length).toBe(1);
    // Stable ids, and read-only.
    expect(m.directory.list().filter((e) => e.source === 'network').map((e) => e.id)).toEqual(fromNetwork.map((e) => e.id));
    expect(fromNetwork.every((e) => /^[0-9a-f]{32}$/.test(e.id))).toBe(true);
    expect(await codeOf(() => m.directory.update(fromNetwork[0]!.id, 1, { name: 'x', type: 'medical', country: 'FR', city: 'Lyon', languages: ['french'] }))).toBe('directory/read-only');
    expect(await codeOf(() => m.directory.remove(fromNetwork[0]!.id, 1))).toBe('directory/read-only');
    // The export holds the organisation's own entries only.
    expect(m.directory.exportFile('json').content).not.toContain(net.coordinator.profile.name);
  });

  it("another device of a member organisation sees the network through sync (sealed records)", async () => {
    const m = net.members[0]!;
    const tmp = makeTempDir('anxin-network-dev2-');
    const dev2 = openUnlockedSession({ profileId: '0123456789abcdef', displayName: 'laptop', profileDir: tmp.dir, masterKey: crypto.randomKey(), recoveryKeyConfirmed: true, idleTimeoutMinutes: 5 });
    cleanups.add(async () => {
      await closeSession(dev2);
      tmp.cleanup();
    });
    const asDevice = (s: UnlockedSession) => ({ sync: s.sync, store: s.store }) as unknown as Device;
    await link(asDevice(m.session), asDevice(dev2), relay.url);
    // Until the organisation's records have arrived (the background loops run too).
    for (let i = 0; i < 50 && !dev2.network.status().network; i++) {
      await m.session.sync.syncNow();
      await dev2.sync.syncNow();
    }
    expect(dev2.network.status().network?.fingerprint).toBe(net.networkFingerprint);
    expect(dev2.network.identity().fingerprint).toBe(m.fingerprint);
    expect(dev2.network.organisations().length).toBe(3);
    expect(dev2.network.trusted(net.coordinator.orgId).fingerprint).toBe(net.coordinator.fingerprint);
    expect((await dev2.network.refresh()).organisations).toBe(3);
  });
});

describe('before joining', () => {
  it('a device outside any organisation is not ready; an organisation sets its profile and gets its keys first', async () => {
    const tmp = makeTempDir('anxin-network-alone-');
    const alone = openUnlockedSession({ profileId: '0123456789abcdef', displayName: 'alone', profileDir: tmp.dir, masterKey: crypto.randomKey(), recoveryKeyConfirmed: true, idleTimeoutMinutes: 5 });
    cleanups.add(async () => {
      await closeSession(alone);
      tmp.cleanup();
    });
    expect(alone.network.status()).toEqual({ organisationReady: false, organisationId: null, fingerprint: null, profile: null, network: null, ownEntryMismatch: false });
    expect(await codeOf(() => alone.network.identity())).toBe('network/not-ready');
    expect(await codeOf(() => alone.network.transport())).toBe('network/not-ready');

    const o = await organisation('fresh');
    expect(await codeOf(() => o.session.network.identity())).toBe('network/profile-missing');
    expect(await codeOf(() => o.session.network.joinRequest())).toBe('network/profile-missing');
    expect(await codeOf(() => o.session.network.trusted(o.orgId))).toBe('network/not-joined');
    expect(await codeOf(() => o.session.network.refresh())).toBe('network/not-joined');
    const s = o.session.network.setProfile(demoProfile(3));
    expect(s.profile?.name).toBe(demoProfile(3).name);
    const id = o.session.network.identity();
    expect(id.organisationId).toBe(o.orgId);
    expect(id.fingerprint).toBe(s.fingerprint);
    expect(id.fingerprint).toMatch(/^(\d{5} ){11}\d{5}$/);
    expect(o.session.network.transport().orgId).toBe(o.orgId);
    // The keys stay the same when the profile changes.
    o.session.network.setProfile({ ...demoProfile(3), city: 'Ghent' });
    expect(o.session.network.identity().fingerprint).toBe(id.fingerprint);
    expect(o.session.network.organisations()).toEqual([]);
  });
});

describe('what a malicious relay or a stolen coordinator device can put in the network mailbox', () => {
  let net: TestNetwork;
  beforeAll(async () => {
    net = await network(2);
  });
  const member = () => net.members[0]!.session;
  const coordinatorTransport = () => net.coordinator.session.network.transport();
  const recipients = () => net.all.map((p) => ({ organisationId: p.orgId, boxPublic: p.session.network.identity().box.publicKey }));

  it('a snapshot signed by another key is refused with network/bad-signature and changes nothing', async () => {
    const before = member().network.organisations();
    const current = storedSnapshot(net.coordinator.session);
    const impostor = crypto.signKeyPair();
    const forged = signSnapshot({ networkId: current.networkId, version: current.version + 5, issuedAt: new Date().toISOString(), entries: current.entries.slice(0, 1) }, impostor.secretKey);
    await publishSnapshot(coordinatorTransport(), forged, recipients());
    const err = await failure(() => member().network.refresh());
    expect(err.code).toBe('network/bad-signature');
    expect(member().network.organisations()).toEqual(before);
    expect(() => verifySnapshot(forged, networkKey(net.coordinator.session).publicKey, current.networkId)).toThrow(AppError);
  });

  it('a tampered entry inside a snapshot re-signed with the network key is refused', async () => {
    const key = networkKey(net.coordinator.session);
    const current = storedSnapshot(net.coordinator.session);
    const entries = current.entries.map((e) => (e.organisationId === net.members[1]!.orgId ? { ...e, boxPublic: crypto.toBase64(crypto.boxKeyPair().publicKey) } : e));
    const tampered = signSnapshot({ networkId: current.networkId, version: current.version + 7, issuedAt: new Date().toISOString(), entries }, key.secretKey);
    expect(() => verifySnapshot(tampered, key.publicKey, current.networkId)).toThrow(expect.objectContaining({ code: 'network/bad-signature', details: expect.objectContaining({ reason: 'entry' }) }));
    await publishSnapshot(coordinatorTransport(), tampered, recipients());
    expect(await codeOf(() => member().network.refresh())).toBe('network/bad-signature');
    expect(member().network.trusted(net.members[1]!.orgId).fingerprint).toBe(net.members[1]!.fingerprint);
  });

  it('the next genuine snapshot is accepted past the refused ones', async () => {
    const other = await organisation('late joiner');
    other.session.network.setProfile(demoProfile(5));
    const req = other.session.network.joinRequest();
    await net.coordinator.session.network.admit({ text: req.text, fingerprint: req.fingerprint, validUntil: '2099-12-31' });
    // The forged ones claimed higher versions, but only verified versions count.
    expect((await member().network.refresh()).organisations).toBe(4);
    expect((await member().network.refresh()).organisations).toBe(4);
  });

  it('an older snapshot (rollback) is refused, even as a new envelope', async () => {
    const seen = storedSnapshot(member()).version;
    const old: Snapshot = { ...storedSnapshot(net.coordinator.session) };
    expect(old.version).toBe(seen);
    // Re-sign an older directory genuinely (a stolen backup of the coordinator would hold one):
    const key = networkKey(net.coordinator.session);
    const older = signSnapshot({ networkId: old.networkId, version: seen - 1, issuedAt: new Date().toISOString(), entries: old.entries.slice(0, 2) }, key.secretKey);
    const envelopes = snapshotEnvelopes(sealSnapshot(older, recipients()), older.version);
    const t = coordinatorTransport();
    await t.client.post(envelopesPath(t.orgId, NETWORK_MAILBOX), { v: 1, envelopes }, t.signer);
    const err = await failure(() => member().network.refresh());
    expect(err.code).toBe('network/bad-signature');
    expect(err.details).toMatchObject({ reason: 'rollback', version: seen - 1, seen });
    expect(member().network.organisations().length).toBe(4);
  });

  it('the invitation decoder checks the network signature over the entry', () => {
    const s = storedSnapshot(net.coordinator.session);
    expect(canonical({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
    expect(() => readInvitation('anxin-invite:v1:' + Buffer.from(JSON.stringify({ v: 1, networkId: s.networkId })).toString('base64url'))).toThrow(expect.objectContaining({ code: 'network/invalid-token' }));
  });
});

describe('in the background', () => {
  it('a member reads the directory again after a sync cycle', async () => {
    const net = await network(1);
    const m = net.members[0]!.session;
    // A second service over the same records that refreshes after every cycle (the session's waits 10 minutes).
    const eager = createNetworkService({ store: m.store, sync: m.sync, autoRefreshMs: 1 });
    // The session's own background refresh has run (so it waits now): only `eager` reads again below.
    await m.sync.syncNow();
    await m.network.refresh();
    const newcomer = await organisation('newcomer');
    newcomer.session.network.setProfile(demoProfile(3));
    const req = newcomer.session.network.joinRequest();
    await net.coordinator.session.network.admit({ text: req.text, fingerprint: req.fingerprint, validUntil: '2099-01-01' });
    expect(eager.organisations().length).toBe(2);
    for (let i = 0; i < 200 && eager.organisations().length < 3; i++) {
      await m.sync.syncNow();
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(eager.organisations().map((o) => o.organisationId)).toContain(newcomer.orgId);
    expect(m.network.trusted(newcomer.orgId).fingerprint).toBe(req.fingerprint);
  });
});

describe('a busy coordinator', () => {
  it('admits two organisations at once: both listed, versions reach the relay in order', async () => {
    const net = await network(1);
    const a = await organisation('first at once');
    const b = await organisation('second at once');
    a.session.network.setProfile(demoProfile(2));
    b.session.network.setProfile(demoProfile(3));
    const ra = a.session.network.joinRequest();
    const rb = b.session.network.joinRequest();
    const coord = net.coordinator.session.network;
    const before = storedSnapshot(net.coordinator.session).version;
    const m = net.members[0]!.session.network;
    const [ia, ib] = await Promise.all([
      coord.admit({ text: ra.text, fingerprint: ra.fingerprint, validUntil: '2099-01-01' }),
      coord.admit({ text: rb.text, fingerprint: rb.fingerprint, validUntil: '2099-01-01' }),
      // A member reading in the middle of it must never see an older version after a newer one.
      m.refresh()
    ]);
    expect(storedSnapshot(net.coordinator.session).version).toBe(before + 2);
    await a.session.network.join({ text: ia.invitation, fingerprint: net.networkFingerprint });
    await b.session.network.join({ text: ib.invitation, fingerprint: net.networkFingerprint });
    expect((await m.refresh()).organisations).toBe(4);
    expect((await a.session.network.refresh()).organisations).toBe(4);
    expect((await b.session.network.refresh()).organisations).toBe(4);
    expect(storedSnapshot(a.session).version).toBe(before + 2);
  });
});

describe('a large directory', () => {
  it('travels in several parts and is read whole', async () => {
    const net = await network(1);
    const coord = net.coordinator.session;
    const key = networkKey(coord);
    const current = storedSnapshot(coord);
    const big = demoProfile(0);
    const services = Array.from({ length: 30 }, (_, i) => ({ ...big.services![0]!, name: `Service ${i} with a long enough name to take room (demo)`, hours: 'Mon–Sun 8–20, appointments by phone first' }));
    // 60 more organisations (fictional), each signed by the network key like any admitted one.
    const extra = Array.from({ length: 60 }, (_, i) => {
      const sign = crypto.signKeyPair();
      const box = crypto.boxKeyPair();
      return signEntry(
        {
          v: 1,
          networkId: current.networkId,
          organisationId: crypto.randomId(),
          profile: OrganisationProfile.parse({ ...big, name: `Extra ${i} (demo)`, services }),
          signPublic: crypto.toBase64(sign.publicKey),
          boxPublic: crypto.toBase64(box.publicKey),
          validUntil: '2099-01-01',
          issuedAt: new Date().toISOString(),
          coordinator: false
        },
        key.secretKey
      );
    });
    const snap = signSnapshot({ networkId: current.networkId, version: current.version + 1, issuedAt: new Date().toISOString(), entries: [...current.entries, ...extra] }, key.secretKey);
    const recipients = net.all.map((p) => ({ organisationId: p.orgId, boxPublic: p.session.network.identity().box.publicKey }));
    const envelopes = snapshotEnvelopes(sealSnapshot(snap, recipients), snap.version);
    expect(envelopes.length).toBeGreaterThan(1);
    await publishSnapshot(coord.network.transport(), snap, recipients);
    const m = net.members[0]!.session;
    expect(await m.network.refresh()).toEqual({ organisations: 62, changedKeys: 0 });
    expect(m.directory.list().filter((e) => e.source === 'network').length).toBe(2 + 2 + 60 * 30);
    // Nothing new: the next refresh reads nothing and changes nothing.
    expect(await m.network.refresh()).toEqual({ organisations: 62, changedKeys: 0 });
  });
});

describe('changed keys and expiry', () => {
  let net: TestNetwork;
  beforeAll(async () => {
    net = await network(2);
  });

  it('a key that changed in a newer snapshot blocks until the new fingerprint is accepted', async () => {
    const changer = net.members[0]!;
    const watcher = net.members[1]!.session;
    // The organisation makes new referral keys (e.g. after a lost laptop) and asks again.
    replaceReferralKeys(changer.session);
    const req = changer.session.network.joinRequest();
    expect(req.fingerprint).not.toBe(changer.fingerprint);
    // The coordinator is told loudly that this replaces the keys listed now, and must say it compared the new ones.
    expect(net.coordinator.session.network.inspectRequest(req.text)).toMatchObject({
      admission: 'replacement',
      fingerprint: req.fingerprint,
      listed: { fingerprint: changer.fingerprint, name: changer.profile.name }
    });
    const refused = await failure(() => net.coordinator.session.network.admit({ text: req.text, fingerprint: req.fingerprint, validUntil: '2099-06-30' }));
    expect(refused.code).toBe('network/key-changed');
    expect(refused.details).toMatchObject({ organisationId: changer.orgId, fingerprint: req.fingerprint, pinnedFingerprint: changer.fingerprint });
    expect(await codeOf(() => net.coordinator.session.network.admit({ text: req.text, fingerprint: req.fingerprint, validUntil: '2099-06-30', replaceKey: false }))).toBe('network/key-changed');
    await net.coordinator.session.network.admit({ text: req.text, fingerprint: req.fingerprint, validUntil: '2099-06-30', replaceKey: true });
    // The organisation that replaced its own keys sees no mismatch: the listed keys are its own.
    await changer.session.network.refresh();
    expect(changer.session.network.status().ownEntryMismatch).toBe(false);

    const r = await watcher.network.refresh();
    expect(r).toEqual({ organisations: 3, changedKeys: 1 });
    const seen = watcher.network.organisations().find((o) => o.organisationId === changer.orgId)!;
    expect(seen).toMatchObject({ pin: 'changed', fingerprint: req.fingerprint, pinnedFingerprint: changer.fingerprint });
    const err = await failure(() => watcher.network.trusted(changer.orgId));
    expect(err.code).toBe('network/key-changed');
    expect(err.details).toMatchObject({ organisationId: changer.orgId, fingerprint: req.fingerprint, pinnedFingerprint: changer.fingerprint });
    // Still blocked after another refresh: a changed key is never accepted silently.
    await watcher.network.refresh();
    expect(await codeOf(() => watcher.network.trusted(changer.orgId))).toBe('network/key-changed');

    expect(await codeOf(() => watcher.network.acceptKeyChange({ organisationId: changer.orgId, fingerprint: changer.fingerprint }))).toBe('network/fingerprint-mismatch');
    const accepted = watcher.network.acceptKeyChange({ organisationId: changer.orgId, fingerprint: req.fingerprint });
    expect(accepted).toMatchObject({ pin: 'pinned', fingerprint: req.fingerprint, pinnedFingerprint: req.fingerprint });
    expect(watcher.network.trusted(changer.orgId).fingerprint).toBe(req.fingerprint);
    expect((await watcher.network.refresh()).changedKeys).toBe(0);
    // The coordinator compared the new key by phone when it admitted it: pinned there already.
    expect(net.coordinator.session.network.trusted(changer.orgId).fingerprint).toBe(req.fingerprint);
  });

  it('an expired entry is refused with network/entry-expired (allowExpired reads it), and leaves the directory', async () => {
    const later = Date.now() + 3 * 86_400_000;
    const member = net.members[0]!.session;
    const candidate = await organisation('short-lived');
    candidate.session.network.setProfile(demoProfile(2));
    const req = candidate.session.network.joinRequest();
    const { invitation } = await net.coordinator.session.network.admit({ text: req.text, fingerprint: req.fingerprint, validUntil: today() });
    await candidate.session.network.join({ text: invitation, fingerprint: net.networkFingerprint });
    await member.network.refresh();
    expect(member.network.trusted(candidate.orgId).fingerprint).toBe(req.fingerprint);
    const servicesToday = member.directory.list().filter((e) => e.network?.organisationId === candidate.orgId).length;
    expect(servicesToday).toBe(2);

    // The same records, three days later.
    const threeDaysOn = createNetworkService({ store: member.store, sync: member.sync, now: () => later });
    const err = await failure(() => threeDaysOn.trusted(candidate.orgId));
    expect(err.code).toBe('network/entry-expired');
    expect(threeDaysOn.trusted(candidate.orgId, { allowExpired: true }).fingerprint).toBe(req.fingerprint);
    expect(threeDaysOn.organisations().find((o) => o.organisationId === candidate.orgId)?.expired).toBe(true);
    expect(threeDaysOn.directoryEntries().some((e) => e.network?.organisationId === candidate.orgId)).toBe(false);
    expect(threeDaysOn.trusted(net.coordinator.orgId).organisationId).toBe(net.coordinator.orgId);

    // The coordinator renews its own entry with its own join request.
    const coord = net.coordinator.session.network;
    const own = coord.joinRequest();
    await coord.admit({ text: own.text, fingerprint: own.fingerprint, validUntil: '2099-02-02' });
    await member.network.refresh();
    expect(member.network.organisations().find((o) => o.organisationId === net.coordinator.orgId)).toMatchObject({ coordinator: true, validUntil: '2099-02-02', pin: 'pinned' });
    expect(coord.status().network?.validUntil).toBe('2099-02-02');

    // Admitting with a date already past, or no date at all, is refused.
    expect(await codeOf(() => coord.admit({ text: req.text, fingerprint: req.fingerprint, validUntil: '2099-13-45' }))).toBe('ipc/invalid-request');
    expect(await codeOf(() => net.coordinator.session.network.admit({ text: req.text, fingerprint: req.fingerprint, validUntil: '2020-01-01' }))).toBe('ipc/invalid-request');
  });
});

describe('admitting an organisation that is already listed', () => {
  let net: TestNetwork;
  beforeAll(async () => {
    net = await network(2);
  });

  it('a renewal (same keys) needs no replaceKey and is said to be one', async () => {
    const member = net.members[0]!;
    const coord = net.coordinator.session.network;
    const req = member.session.network.joinRequest();
    expect(req.fingerprint).toBe(member.fingerprint);
    expect(coord.inspectRequest(req.text)).toMatchObject({ admission: 'renewal', listed: { fingerprint: member.fingerprint, name: member.profile.name } });
    await coord.admit({ text: req.text, fingerprint: req.fingerprint, validUntil: '2099-03-03' });
    await member.session.network.refresh();
    expect(member.session.network.status()).toMatchObject({ ownEntryMismatch: false, network: { validUntil: '2099-03-03' } });
    // A new organisation is neither.
    const fresh = await organisation('newcomer');
    fresh.session.network.setProfile(demoProfile(3));
    expect(coord.inspectRequest(fresh.session.network.joinRequest().text)).toMatchObject({ admission: 'new', listed: null });
  });

  it('an impostor’s request under a listed organisation’s id is refused without replaceKey; once admitted, the organisation sees someone else’s keys under its name and the others see “key changed”', async () => {
    const victim = net.members[0]!;
    const watcher = net.members[1]!.session;
    const coord = net.coordinator.session.network;
    expect(victim.session.network.status().ownEntryMismatch).toBe(false);
    // Someone who knows the victim's organisation id (it is on the relay) makes keys of its own.
    const sign = crypto.signKeyPair();
    const box = crypto.boxKeyPair();
    const forged = makeJoinRequest({ organisationId: victim.orgId, profile: OrganisationProfile.parse(victim.profile), sign, box, createdAt: new Date().toISOString() });
    const preview = coord.inspectRequest(forged);
    expect(preview.admission).toBe('replacement');
    expect(preview.listed).toEqual({ fingerprint: victim.fingerprint, name: victim.profile.name });
    expect(preview.fingerprint).not.toBe(victim.fingerprint);
    const refused = await failure(() => coord.admit({ text: forged, fingerprint: preview.fingerprint, validUntil: '2099-04-04' }));
    expect(refused.code).toBe('network/key-changed');
    expect(refused.details).toMatchObject({ organisationId: victim.orgId, fingerprint: preview.fingerprint, pinnedFingerprint: victim.fingerprint });
    // Refused means unchanged: the directory still lists the victim's own keys.
    expect(coord.organisations().find((o) => o.organisationId === victim.orgId)?.fingerprint).toBe(victim.fingerprint);

    // The coordinator is fooled anyway (ticked the box): the entry is replaced.
    await coord.admit({ text: forged, fingerprint: preview.fingerprint, validUntil: '2099-04-04', replaceKey: true });
    expect(coord.trusted(victim.orgId).fingerprint).toBe(preview.fingerprint);

    // The victim reads that version (sealed to its previous key too) and sees the mismatch.
    await victim.session.network.refresh();
    expect(victim.session.network.status().ownEntryMismatch).toBe(true);
    expect(victim.session.network.status().network?.validUntil).toBe('2099-04-04');
    // Later versions are sealed to the listed (impostor's) key only: the mismatch stays shown.
    const other = await organisation('later member');
    other.session.network.setProfile(demoProfile(4));
    const r2 = other.session.network.joinRequest();
    await coord.admit({ text: r2.text, fingerprint: r2.fingerprint, validUntil: '2099-05-05' });
    await victim.session.network.refresh().catch(() => undefined);
    expect(victim.session.network.status().ownEntryMismatch).toBe(true);

    // Every other member: "key changed", and nothing goes to the new key.
    const r = await watcher.network.refresh();
    expect(r.changedKeys).toBe(1);
    expect(watcher.network.organisations().find((o) => o.organisationId === victim.orgId)).toMatchObject({ pin: 'changed', fingerprint: preview.fingerprint, pinnedFingerprint: victim.fingerprint });
    expect(await codeOf(() => watcher.network.trusted(victim.orgId))).toBe('network/key-changed');
    expect(watcher.network.status().ownEntryMismatch).toBe(false);
  });
});
