/**
 * GUIDE §4.1 for the relay: a marker typed into records never reaches the relay's storage or
 * logs in the clear. The test seals as a client does (libsodium XChaCha20-Poly1305, padded to a
 * bucket), uploads through a real relay on 127.0.0.1, checks that the relay hands back bytes that
 * open to the marker (so it really was sent), and then searches every file of the relay's data
 * directory (DB, WAL, SHM) and every log line for the marker — and the logs also for the ids.
 */
import sodium from 'libsodium-wrappers-sumo';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../relay/config';
import { createOrgBody, newDevice, newOrg, randomHex, RelayClient } from '../../relay/dev-client';
import { createLogger } from '../../relay/logger';
import { startRelay } from '../../relay/server';
import { openSqliteStorage } from '../../relay/storage/sqlite';
import { envelopesPath, paddedPayloadLength, pullPath, type PullResponse } from '../../shared/relay/protocol';
import { filesContaining, listFiles, makeTempDir } from '../helpers/temp-dir';

const MARKER = 'ANXIN-MARKER-7Q9Z 安心标记';

describe('relay marker test', () => {
  it('stores only sealed bytes: the marker is in no file of the relay and in no log line', async () => {
    await sodium.ready;
    const tmp = makeTempDir('anxin-relay-marker-');
    const logLines: string[] = [];
    const storage = openSqliteStorage(tmp.dir);
    const relay = await startRelay({ ...defaultConfig(), port: 0, dataDir: tmp.dir }, { storage, logger: createLogger('debug', (l) => logLines.push(l)) });
    const org = newOrg();
    const device = newDevice(org.orgId);
    const c = new RelayClient(relay.url, device);
    const key = sodium.crypto_aead_xchacha20poly1305_ietf_keygen();
    try {
      expect((await c.request('POST', '/v1/orgs', createOrgBody(org, device))).status).toBe(201);
      const sealed = Array.from({ length: 20 }, (_, i) => {
        const plaintext = sodium.from_string(JSON.stringify({ kind: 'note', text: `${MARKER} #${i} ${'x'.repeat(i * 50)}` }));
        const nonce = sodium.randombytes_buf(24);
        const overhead = 24 + 16 + 4; // nonce, tag, 4-byte length prefix inside the padding
        const padded = new Uint8Array(paddedPayloadLength(plaintext.length + overhead)! - 24 - 16);
        new DataView(padded.buffer).setUint32(0, plaintext.length);
        padded.set(plaintext, 4);
        const ct = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(padded, null, null, nonce, key);
        const payload = new Uint8Array(24 + ct.length);
        payload.set(nonce);
        payload.set(ct, 24);
        return { v: 1, id: randomHex(16), payload: Buffer.from(payload).toString('base64') };
      });
      const up = await c.request('POST', envelopesPath(org.orgId, 'org'), { v: 1, envelopes: sealed });
      expect(up.status).toBe(200);

      const pulled = (await c.request('GET', pullPath(org.orgId, 'org', 0))).body as PullResponse;
      const opened = pulled.envelopes.map((e) => {
        const bytes = Buffer.from(e.payload, 'base64');
        const padded = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, bytes.subarray(24), null, bytes.subarray(0, 24), key);
        const len = new DataView(padded.buffer, padded.byteOffset).getUint32(0);
        return sodium.to_string(padded.subarray(4, 4 + len));
      });
      expect(opened).toHaveLength(20);
      expect(opened.every((t) => t.includes(MARKER))).toBe(true);

      // While running (WAL not yet checkpointed) and after a clean shutdown.
      expect(listFiles(tmp.dir).some((f) => f.endsWith('-wal'))).toBe(true);
      expect(filesContaining(tmp.dir, MARKER)).toEqual([]);
      expect(filesContaining(tmp.dir, 'ANXIN-MARKER')).toEqual([]);
    } finally {
      c.close();
      await relay.close();
    }
    expect(filesContaining(tmp.dir, 'ANXIN-MARKER')).toEqual([]);
    expect(logLines.length).toBeGreaterThan(3);
    const logs = logLines.join('');
    expect(logs).not.toContain('ANXIN-MARKER');
    expect(logs).not.toContain(org.orgId);
    expect(logs).not.toContain(device.deviceId);
    expect(logs).not.toContain('127.0.0.1');
    for (const line of logLines) expect(() => JSON.parse(line)).not.toThrow();
    tmp.cleanup();
  });
});
