// Attachment chunks (attachment_chunks, migration 0002; already secretstream-encrypted) travel
// through the same outbox and envelopes as sealed records; an upload still in progress waits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initCrypto, randomBytes, randomId } from '../../main/services/crypto';
import { closeTestbed, type Device, integrityOk, link, openDevice, startTestRelay, syncAll, type TestRelay } from './sync-fixtures';

let relay: TestRelay;
const devices: Device[] = [];

beforeAll(async () => {
  await initCrypto();
  relay = await startTestRelay();
});
afterAll(() => closeTestbed(relay, devices));

const chunks = (d: Device, id: string) =>
  (d.db.prepare('SELECT seq, collection, hex(data) AS data FROM attachment_chunks WHERE attachment_id = ? ORDER BY seq').all(id) as Array<{ seq: number; data: string }>);

describe('attachment chunks', () => {
  it('sync once their attachment is finished, byte for byte, without duplicates', async () => {
    const a = openDevice();
    const b = openDevice();
    devices.push(a, b);
    await a.sync.createOrganisation({ relayUrl: relay.url, label: 'A' });
    await link(a, b, relay.url);
    const collection = a.store.createCollection();
    const insert = a.db.prepare('INSERT INTO attachment_chunks (attachment_id, seq, collection, data) VALUES (?, ?, ?, ?)');
    const done = randomId();
    const uploading = randomId();
    a.store.transaction(() => {
      for (let seq = 0; seq < 3; seq++) insert.run(done, seq, collection, randomBytes(64 * 1024 + 17));
      a.store.put({ id: done, kind: 'attachment', collection, body: { chunks: 3 } });
      for (let seq = 0; seq < 2; seq++) insert.run(uploading, seq, collection, randomBytes(64 * 1024 + 17));
    });
    await syncAll(a, b);
    expect(chunks(b, done)).toEqual(chunks(a, done));
    expect(chunks(b, done)).toHaveLength(3);
    expect(chunks(b, uploading)).toEqual([]); // still being uploaded on A: waits there
    expect(a.sync.status().pending).toBeGreaterThan(0);
    a.store.put({ id: uploading, kind: 'attachment', collection, body: { chunks: 2 } });
    await syncAll(a, b);
    expect(a.sync.status().pending).toBe(0);
    expect(chunks(b, uploading)).toEqual(chunks(a, uploading));
    // B received them from the relay: it does not send them back.
    expect(b.sync.status().pending).toBe(0);
    expect(integrityOk(a) && integrityOk(b)).toBe(true);
  });
});
