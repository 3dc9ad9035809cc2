// What a malicious relay, a removed laptop and another organisation can and cannot do
// (GUIDE §4 tests 2, 5, 9 from the device side; issue 5 items 3 and 4).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PullResponse, envelopesPath, pullPath, ORG_MAILBOX } from '../../shared/relay/protocol';
import { fromBase64, initCrypto, randomBytes, randomId, signDetached, toBase64 } from '../../main/services/crypto';
import { envelopeKeyId, openEnvelope, sealEnvelope, type Inner } from '../../main/services/sync/envelope';
import { createRelayClient, RelayError, type Signer } from '../../main/services/sync/relay-client';
import { openSyncState } from '../../main/services/sync/state';
import { closeTestbed, type Device, integrityOk, link, openDevice, startTestRelay, syncAll, type TestRelay } from './sync-fixtures';

let relay: TestRelay;
const devices: Device[] = [];
const device = () => {
  const d = openDevice();
  devices.push(d);
  return d;
};

beforeAll(async () => {
  await initCrypto();
  relay = await startTestRelay();
});
afterAll(() => closeTestbed(relay, devices));

function signerOf(d: Device): Signer {
  const state = openSyncState(d.db, d.masterKey);
  const kp = state.keyPair('sign')!;
  return { orgId: state.get('org_id')!, deviceId: d.store.deviceId, sign: (b) => signDetached(b, kp.secretKey) };
}
const client = () => createRelayClient({ baseUrl: relay.url });
async function upload(as: Device, envelopes: Array<{ id: string; payload: Uint8Array }>) {
  const s = signerOf(as);
  return client().post(envelopesPath(s.orgId, ORG_MAILBOX), { v: 1, envelopes: envelopes.map((e) => ({ v: 1, id: e.id, payload: toBase64(e.payload) })) }, s);
}
async function pullAll(as: Device) {
  const s = signerOf(as);
  return PullResponse.parse(await client().get(pullPath(s.orgId, ORG_MAILBOX, 0, 500), s)).envelopes;
}
const rows = (d: Device) => d.db.prepare('SELECT id, revision, device, hlc FROM records ORDER BY id, revision').all();
const rejected = (d: Device) => d.sync.status().rejected;

describe('sync security', () => {
  let a: Device;
  let b: Device;
  let c: Device;
  let collection: string;
  let recordId: string;

  beforeAll(async () => {
    a = device();
    b = device();
    c = device();
    await a.sync.createOrganisation({ relayUrl: relay.url, label: 'A' });
    await link(a, b, relay.url);
    await link(a, c, relay.url);
    collection = a.store.createCollection();
    recordId = a.store.put({ kind: 'case', collection, body: { pseudonym: 'Hua', status: 'open', summary: 'original' } }).id;
    const h = a.store.get(recordId)!;
    a.store.put({ id: recordId, kind: 'case', collection, body: { pseudonym: 'Hua', status: 'active', summary: 'original' }, baseRevision: h.header.revision });
    await syncAll(a, b, c);
  });

  it('tampered, moved and random envelopes are rejected and never applied', async () => {
    const [real] = (await pullAll(a)).slice(-1);
    const payload = fromBase64(real!.payload);
    const flipped = new Uint8Array(payload);
    flipped[payload.length - 20]! ^= 1;
    const before = rows(b);
    const r0 = rejected(b);
    await upload(a, [
      { id: randomId(), payload: flipped }, // a flipped bit
      { id: randomId(), payload }, // the genuine bytes under another envelope id (AD binds the id)
      { id: randomId(), payload: randomBytes(payload.length) }, // noise of a valid size
      { id: randomId(), payload: new Uint8Array(payload.length) } // zeros
    ]);
    const s = await b.sync.syncNow();
    expect(s.errorCode).toBeNull();
    expect(rejected(b) - r0).toBe(4);
    expect(rows(b)).toEqual(before);
    expect(b.store.get(recordId)?.body).toEqual({ pseudonym: 'Hua', status: 'active', summary: 'original' });
    expect(integrityOk(b)).toBe(true);
  });

  it('a replayed mailbox (the relay serves everything again) changes nothing', async () => {
    const before = rows(b);
    const applied = b.applied();
    b.db.prepare("UPDATE sync_state SET value = '0' WHERE key = 'cursor_org'").run();
    b.db.prepare("DELETE FROM sync_state WHERE key = 'cursor_id'").run();
    const s = await b.sync.syncNow();
    expect(s.errorCode).toBeNull();
    expect(rows(b)).toEqual(before);
    expect(b.applied()).toBe(applied); // nothing new was applied
  });

  it('a re-stamped or substituted record, even sealed with the organisation key, is rejected', async () => {
    // Someone holding the organisation key (a removed-but-not-yet-rotated device, a relay that stole it)
    // edits the clear header of a real revision: the record's own AD no longer matches.
    const row = a.store.exportSealed(recordId, 2);
    const orgKey = a.store.keyring.currentOrgKey();
    const orgId = a.sync.status().orgId!;
    const restamped: Inner = { t: 'record', h: { ...row.header, hlc: row.header.hlc.replace(/^\d{13}/, String(Date.now() + 1000)) }, n: toBase64(row.nonce), c: toBase64(row.ciphertext) };
    const renumbered: Inner = { t: 'record', h: { ...row.header, revision: 3 }, n: toBase64(row.nonce), c: toBase64(row.ciphertext) };
    const rev1 = a.store.exportSealed(recordId, 1);
    // Same slot and stamp as revision 2, other (genuine, older) bytes: not a replay, an attack.
    const swapped: Inner = { t: 'record', h: row.header, n: toBase64(rev1.nonce), c: toBase64(rev1.ciphertext) };
    const r0 = rejected(b);
    const before = rows(b);
    await upload(
      a,
      [restamped, renumbered, swapped].map((inner) => sealEnvelope({ orgId, keyId: orgKey.id, orgKey: orgKey.key, inner, id: randomId() }))
    );
    // Under the id the genuine revision travels with, the relay itself refuses other bytes.
    await expect(upload(a, [sealEnvelope({ orgId, keyId: orgKey.id, orgKey: orgKey.key, inner: swapped })])).rejects.toMatchObject({ code: 'id-conflict' });
    await b.sync.syncNow();
    expect(rejected(b) - r0).toBe(3);
    expect(rows(b)).toEqual(before);
    expect(b.store.get(recordId)?.body).toEqual({ pseudonym: 'Hua', status: 'active', summary: 'original' });
  });

  it('a forged record in the middle of a page is rejected alone: the genuine ones around it are applied', async () => {
    // A page is applied in one transaction; a record that fails there sends the page back to
    // one savepoint per envelope, so only the forged one is lost.
    const row = a.store.exportSealed(recordId, 2);
    const orgKey = a.store.keyring.currentOrgKey();
    const orgId = a.sync.status().orgId!;
    const forged: Inner = { t: 'record', h: { ...row.header, revision: 7 }, n: toBase64(row.nonce), c: toBase64(row.ciphertext) };
    const first = a.store.put({ kind: 'case', collection, body: { pseudonym: 'Yun', status: 'open', summary: 'before' } }).id;
    await a.sync.syncNow();
    await upload(a, [sealEnvelope({ orgId, keyId: orgKey.id, orgKey: orgKey.key, inner: forged, id: randomId() })]);
    const second = a.store.put({ kind: 'case', collection, body: { pseudonym: 'Jing', status: 'open', summary: 'after' } }).id;
    await a.sync.syncNow();
    const r0 = rejected(b);
    const before = rows(b).length;
    const s = await b.sync.syncNow();
    expect(s.errorCode).toBeNull();
    expect(rejected(b) - r0).toBe(1);
    expect(rows(b)).toHaveLength(before + 2);
    expect(b.store.get(first)?.body).toEqual({ pseudonym: 'Yun', status: 'open', summary: 'before' });
    expect(b.store.get(second)?.body).toEqual({ pseudonym: 'Jing', status: 'open', summary: 'after' });
    expect(b.store.get(recordId)?.header.revision).toBe(2);
    expect(integrityOk(b)).toBe(true);
  });

  it('a removed device is refused by the relay and cannot open anything sent after the rotation', async () => {
    const oldKeyId = a.store.keyring.currentOrgKey().id;
    await a.sync.removeDevice(b.store.deviceId);
    expect(a.store.keyring.currentOrgKey().id).not.toBe(oldKeyId);
    const list = await a.sync.devices();
    expect(list.find((d) => d.deviceId === b.store.deviceId)?.status).toBe('removed');
    const secret = a.store.put({ kind: 'case', collection: a.store.createCollection(), body: { pseudonym: 'after removal', status: 'open', summary: '' } }).id;
    await syncAll(a, c);
    // The remaining device got the new key and reads the new record.
    expect(c.store.keyring.currentOrgKey().id).toBe(a.store.keyring.currentOrgKey().id);
    expect(c.bodies()[secret]).toEqual({ pseudonym: 'after removal', status: 'open', summary: '' });
    // The removed device: refused for reads and writes, says so in words, holds nothing new.
    b.store.put({ kind: 'case', collection, body: { pseudonym: 'from the stolen laptop', status: 'open', summary: '' } });
    const s = await b.sync.syncNow();
    expect(s.state).toBe('removed');
    expect(s.errorCode).toBe('sync/device-removed');
    expect(b.store.get(secret)).toBeNull();
    const headBefore = (await pullAll(a)).length;
    await expect(upload(b, [{ id: randomId(), payload: new Uint8Array(256) }])).rejects.toMatchObject({ code: 'device-revoked' });
    expect((await pullAll(a)).length).toBe(headBefore);
    // Even given the ciphertext (e.g. by a careless relay), it cannot open it: the key is new.
    const newKey = a.store.keyring.currentOrgKey().id;
    const fresh = (await pullAll(a)).filter((e) => envelopeKeyId(fromBase64(e.payload)) === newKey);
    expect(fresh.length).toBeGreaterThanOrEqual(3);
    for (const env of fresh) {
      expect(() => openEnvelope({ orgId: a.sync.status().orgId!, envelopeId: env.id, payload: fromBase64(env.payload), orgKey: (k) => b.store.keyring.orgKey(k) })).toThrow(
        expect.objectContaining({ code: 'sync/bad-envelope' })
      );
    }
  });

  it('a device of another organisation can neither read nor write this one, and its envelopes do not open here', async () => {
    const d = device();
    await d.sync.createOrganisation({ relayUrl: relay.url, label: 'other org' });
    const mine = signerOf(d);
    const theirs = a.sync.status().orgId!;
    const asOther: Signer = { ...mine, orgId: theirs };
    await expect(client().get(pullPath(theirs, ORG_MAILBOX, 0), asOther)).rejects.toBeInstanceOf(RelayError);
    await expect(client().post(envelopesPath(theirs, ORG_MAILBOX), { v: 1, envelopes: [{ v: 1, id: randomId(), payload: toBase64(new Uint8Array(256)) }] }, asOther)).rejects.toBeInstanceOf(
      RelayError
    );
    // Its sealed rows, if carried into this organisation's mailbox, are rejected.
    d.store.put({ kind: 'case', collection: d.store.createCollection(), body: { pseudonym: 'other', status: 'open', summary: '' } });
    await d.sync.syncNow();
    const foreign = await pullAll(d);
    const r0 = rejected(c);
    await upload(a, foreign.map((e) => ({ id: e.id, payload: fromBase64(e.payload) })));
    await c.sync.syncNow();
    expect(rejected(c) - r0).toBe(foreign.length);
    expect(Object.values(c.bodies()).some((x) => (x as { pseudonym: string }).pseudonym === 'other')).toBe(false);
  });
});
