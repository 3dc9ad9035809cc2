// Issue 5: two and three devices through a real relay on 127.0.0.1 — sync both ways, concurrent
// offline edits (per-field merge, long-text conflict with both versions kept), delete vs edit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initCrypto } from '../../main/services/crypto';
import { LONG_TEXT_CHARS } from '../../main/services/sync/merge';
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

const long = (word: string) => `${word} `.repeat(Math.ceil((LONG_TEXT_CHARS + 50) / (word.length + 1)));

describe('sync between devices', () => {
  let a: Device;
  let b: Device;
  let c: Device;
  let caseId: string;
  let collection: string;

  it('the first device creates the organisation; records written before it go up', async () => {
    a = device();
    collection = a.store.createCollection();
    caseId = a.store.put({ kind: 'case', collection, body: { pseudonym: 'Lan', status: 'open', summary: 'first contact' } }).id;
    expect(a.sync.status().state).toBe('off');
    const s = await a.sync.createOrganisation({ relayUrl: relay.url, label: 'Office desktop' });
    expect(s.role).toBe('admin');
    expect(s.pending).toBeGreaterThan(0);
    const after = await a.sync.syncNow();
    expect(after).toMatchObject({ state: 'idle', pending: 0, errorCode: null });
    expect(after.lastSyncAt).not.toBeNull();
  });

  it('a linked device receives everything, and its own earlier records go up too', async () => {
    b = device();
    const bCollection = b.store.createCollection();
    const bOwn = b.store.put({ kind: 'note', collection: bCollection, body: { text: 'written before linking' } }).id;
    await link(a, b, relay.url);
    await syncAll(b, a);
    expect(b.bodies()).toEqual(a.bodies());
    expect(b.bodies()[caseId]).toEqual({ pseudonym: 'Lan', status: 'open', summary: 'first contact' });
    expect(a.bodies('note')[bOwn]).toEqual({ text: 'written before linking' });
    const list = await a.sync.devices();
    expect(list.map((d) => d.deviceId).sort()).toEqual([a.store.deviceId, b.store.deviceId].sort());
    expect(list.find((d) => d.thisDevice)?.fingerprint).toBe(a.sync.fingerprint());
  });

  it('edits travel both ways, and a third device gets the same state', async () => {
    const head = b.store.get(caseId)!;
    b.store.put({ id: caseId, kind: 'case', collection, body: { ...(head.body as object), status: 'active' }, baseRevision: head.header.revision });
    const fresh = a.store.put({ kind: 'case', collection, body: { pseudonym: 'Mei', status: 'open', summary: '' } }).id;
    await syncAll(a, b);
    expect((a.bodies()[caseId] as { status: string }).status).toBe('active');
    // An edit made on top of what A showed is a fast-forward there: no sibling, no merge revision.
    expect(a.store.siblings(caseId)).toEqual([]);
    expect(a.store.history(caseId).map((r) => r.header.device)).toEqual([b.store.deviceId, a.store.deviceId]);
    expect(b.bodies()[fresh]).toEqual({ pseudonym: 'Mei', status: 'open', summary: '' });
    c = device();
    await link(a, c, relay.url);
    await syncAll(c);
    expect(c.bodies()).toEqual(a.bodies());
    expect(c.bodies('note')).toEqual(a.bodies('note'));
  });

  it('concurrent offline edits of different fields merge; nothing is lost; all converge', async () => {
    const ha = a.store.get(caseId)!;
    const hb = b.store.get(caseId)!;
    expect(ha.header.revision).toBe(hb.header.revision);
    a.store.put({ id: caseId, kind: 'case', collection, body: { ...(ha.body as object), pseudonym: 'Lan W.' }, baseRevision: ha.header.revision });
    b.store.put({ id: caseId, kind: 'case', collection, body: { ...(hb.body as object), status: 'closed' }, baseRevision: hb.header.revision });
    await syncAll(a, b, c);
    const expected = { pseudonym: 'Lan W.', status: 'closed', summary: 'first contact' };
    expect(a.bodies()[caseId]).toEqual(expected);
    expect(b.bodies()[caseId]).toEqual(expected);
    expect(c.bodies()[caseId]).toEqual(expected);
    // History keeps both original edits (as revisions or concurrent siblings).
    const all = [...a.store.history(caseId), ...a.store.siblings(caseId)].map((r) => r.body as { pseudonym?: string; status?: string } | null);
    expect(all.some((x) => x?.pseudonym === 'Lan W.' && x.status !== 'closed')).toBe(true);
    expect(all.some((x) => x?.status === 'closed' && x.pseudonym === 'Lan')).toBe(true);
    expect(a.sync.conflicts()).toEqual([]);
    // Converged: a further round writes nothing new.
    const pending = [a, b, c].map((d) => d.store.history(caseId).length);
    await syncAll(a, b, c);
    expect([a, b, c].map((d) => d.store.history(caseId).length)).toEqual(pending);
  });

  it('long text edited on two devices keeps both versions and asks; a hand merge wins everywhere', async () => {
    const ha = a.store.get(caseId)!;
    const hb = b.store.get(caseId)!;
    const textA = long('alpha');
    const textB = long('beta');
    a.store.put({ id: caseId, kind: 'case', collection, body: { ...(ha.body as object), summary: textA }, baseRevision: ha.header.revision });
    b.store.put({ id: caseId, kind: 'case', collection, body: { ...(hb.body as object), summary: textB }, baseRevision: hb.header.revision });
    await syncAll(a, b);
    for (const d of [a, b]) {
      const conflicts = d.sync.conflicts();
      expect(conflicts).toHaveLength(1);
      expect(conflicts[0]).toMatchObject({ recordId: caseId, field: 'summary' });
      expect([conflicts[0]!.local.text, conflicts[0]!.remote.text].sort()).toEqual([textA, textB].sort());
      expect(d.sync.status().conflicts).toBe(1);
    }
    const mine = a.sync.conflicts()[0]!;
    expect(mine.local.text).toBe(textA);
    expect(mine.remote.text).toBe(textB);
    const merged = `${textA}\n${textB}`;
    a.sync.resolveConflict({ conflictId: mine.conflictId, choice: 'manual', text: merged });
    expect(a.sync.conflicts()).toEqual([]);
    await syncAll(a, b, c);
    for (const d of [a, b, c]) expect((d.bodies()[caseId] as { summary: string }).summary).toBe(merged);
    // The hand merge saw both versions: the question is closed on B too, without anyone there choosing.
    expect(b.sync.conflicts()).toEqual([]);
    expect(b.sync.status().conflicts).toBe(0);
    // And nothing bounces: a further round writes nothing anywhere.
    const lengths = [a, b, c].map((d) => d.store.history(caseId).length + d.store.siblings(caseId).length);
    await syncAll(a, b, c);
    expect([a, b, c].map((d) => d.store.history(caseId).length + d.store.siblings(caseId).length)).toEqual(lengths);
  });

  it('the background loop syncs by itself: after joining, after a local write, and on its poll', async () => {
    const waitFor = async (what: () => boolean) => {
      for (let i = 0; i < 500 && !what(); i++) await new Promise((r) => setTimeout(r, 10));
      expect(what()).toBe(true);
    };
    const d = openDevice(undefined, { background: true });
    devices.push(d);
    await link(a, d, relay.url);
    await waitFor(() => d.sync.status().lastSyncAt !== null && Object.keys(d.bodies()).length === Object.keys(a.bodies()).length);
    const written = d.store.put({ kind: 'case', collection, body: { pseudonym: 'from the background', status: 'open', summary: '' } }).id;
    await waitFor(() => d.sync.status().pending === 0);
    await a.sync.syncNow();
    expect(a.bodies()[written]).toEqual({ pseudonym: 'from the background', status: 'open', summary: '' });
    const fromA = a.store.put({ kind: 'case', collection, body: { pseudonym: 'polled', status: 'open', summary: '' } }).id;
    await a.sync.syncNow();
    await waitFor(() => d.bodies()[fromA] !== undefined);
    d.sync.stop();
    await d.sync.settle();
  });

  it('a delete beats an edit only when it is later', async () => {
    const x = a.store.put({ kind: 'case', collection, body: { pseudonym: 'X', status: 'open', summary: '' } }).id;
    const y = a.store.put({ kind: 'case', collection, body: { pseudonym: 'Y', status: 'open', summary: '' } }).id;
    await syncAll(a, b);
    // x: B edits, then A deletes (later) → deleted. y: A deletes, then B edits (later) → kept.
    const bx = b.store.get(x)!;
    b.store.put({ id: x, kind: 'case', collection, body: { ...(bx.body as object), status: 'active' }, baseRevision: bx.header.revision });
    await new Promise((r) => setTimeout(r, 5));
    a.store.remove(x, a.store.get(x)!.header.revision);
    a.store.remove(y, a.store.get(y)!.header.revision);
    await new Promise((r) => setTimeout(r, 5));
    const by = b.store.get(y)!;
    b.store.put({ id: y, kind: 'case', collection, body: { ...(by.body as object), status: 'active' }, baseRevision: by.header.revision });
    await syncAll(a, b, c);
    for (const d of [a, b, c]) {
      expect(d.store.get(x)).toBeNull();
      expect(d.bodies()[y]).toEqual({ pseudonym: 'Y', status: 'active', summary: '' });
      expect(integrityOk(d)).toBe(true);
    }
  });
});
